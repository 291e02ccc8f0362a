/// Splits script text into lines the way every reader of scripts must: at `\n`, `\r\n`
/// or `\r`, keeping empty lines (they are echoed), without a phantom line after a final
/// newline.
public enum ScriptText {
    public static func lines(of text: String) -> [String] {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
