import Foundation

/// The folders a session's scripts may read and write: the folder of the script given
/// to `dsbox run` (at the prompt and for piped input: the current folder), plus every
/// `--allow-paths DIR`. A file name is resolved against the folder of the script that
/// names it; absolute names, `..` and symbolic links that lead outside every allowed
/// folder are refused, so a script someone else wrote cannot reach the rest of the machine.
public struct PathPolicy: Sendable, Equatable {
    /// Absolute paths of the allowed folders, symbolic links resolved.
    public let roots: [String]
    /// How the person names the first folder (`sessions` for `dsbox run sessions/x.dsb`;
    /// empty for the current folder): messages show paths from there, so they read the
    /// same on every machine.
    public let rootName: String

    public init(roots: [URL], rootName: String = "") {
        self.roots = roots.map { Self.realPath(Self.normalised($0.path, base: "/")) ?? Self.normalised($0.path, base: "/") }
        self.rootName = rootName == "." ? "" : rootName
    }

    /// `path` (absolute) as messages show it: from the first folder as the person named
    /// it when inside it, else absolute.
    public func shown(_ path: String) -> String {
        guard let root = roots.first, Self.path(path, isInside: root), path != root else { return path }
        let relative = String(path.dropFirst(root == "/" ? 1 : root.count + 1))
        return rootName.isEmpty ? relative : rootName.hasSuffix("/") ? rootName + relative : rootName + "/" + relative
    }

    /// ` (looked in PATH)`, or nothing when PATH is how the person wrote `name`.
    func lookedIn(_ path: String, name: String) -> String {
        let shown = shown(path)
        return shown == name ? "" : " (looked in \(shown))"
    }

    /// The first folder as messages name it.
    var shownRoot: String { rootName.isEmpty ? "the current folder" : rootName }

    /// What a file name in a script is to be used for.
    enum Purpose { case read, write }

    /// The absolute path `name` (as written in a script whose folder is `base`) stands
    /// for, once checked against the allowed folders. Reading follows symbolic links
    /// (they must stay inside); writing never goes through one.
    func resolve(_ name: String, base: URL, for purpose: Purpose) throws(FileProblem) -> URL {
        let lexical = Self.normalised(name, base: base.path)
        switch purpose {
        case .read:
            guard let real = Self.realPath(lexical) else {
                let code = errno
                throw FileProblem("cannot read \(name): \(FileProblem.reason(code))" + lookedIn(lexical, name: name))
            }
            try check(real, name: name, lexical: lexical)
            return URL(fileURLWithPath: real)
        case .write:
            let parent = (lexical as NSString).deletingLastPathComponent
            let last = (lexical as NSString).lastPathComponent
            guard !last.isEmpty, last != "/" else { throw FileProblem("cannot write \(name): it names a folder") }
            guard let realParent = Self.realPath(parent) else {
                let code = errno
                throw FileProblem("cannot write \(name): \(code == ENOENT ? "no such folder" : FileProblem.reason(code))"
                                  + lookedIn(parent, name: (name as NSString).deletingLastPathComponent))
            }
            let target = realParent == "/" ? "/" + last : realParent + "/" + last
            try check(target, name: name, lexical: lexical)
            return URL(fileURLWithPath: target)
        }
    }

    private func check(_ real: String, name: String, lexical: String) throws(FileProblem) {
        guard !roots.contains(where: { Self.path(real, isInside: $0) }) else { return }
        let how = name.hasPrefix("/") ? "an absolute path outside"
            : roots.contains(where: { Self.path(lexical, isInside: $0) }) ? "a symbolic link leading outside"
            : "outside"
        let scope = rootName.isEmpty ? " (only files in it and below may be used" : ", the folder this script may use ("
        throw FileProblem("refused \(name): \(how) \(shownRoot)\(scope)"
                          + (rootName.isEmpty ? "; " : "") + "start dsbox with --allow-paths DIR to allow another)")
    }

    static func path(_ path: String, isInside root: String) -> Bool {
        root == "/" || path == root || path.hasPrefix(root + "/")
    }

    /// `name` made absolute against `base`, with `.`, `..` and repeated `/` removed
    /// without looking at the disk.
    static func normalised(_ name: String, base: String) -> String {
        let joined = name.hasPrefix("/") ? name : base + "/" + name
        var parts: [Substring] = []
        for part in joined.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The path with every symbolic link resolved, or nil (with `errno` set) when it
    /// does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
