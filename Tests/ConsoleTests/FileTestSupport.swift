import Console
import Foundation

/// A temporary folder for one test, removed when the test is done, with small helpers
/// to write, read and inspect the files a session leaves there.
final class TestFolder {
    let url: URL

    init() throws {
        url = URL(fileURLWithPath: NSTemporaryDirectory()).resolvingSymlinksInPath()
            .appendingPathComponent("dsbox-files-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `text` to `name` (creating folders on the way) and returns its URL.
    @discardableResult
    func write(_ name: String, _ text: String, mode: Int = 0o644) throws -> URL {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        chmod(file.path, mode_t(mode))
        return file
    }

    func makeFolder(_ name: String) throws {
        try FileManager.default.createDirectory(at: url.appendingPathComponent(name), withIntermediateDirectories: true)
    }

    func read(_ name: String) -> String? {
        FileManager.default.contents(atPath: path(name)).map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ name: String) -> Bool {
        var info = stat()
        return lstat(path(name), &info) == 0
    }

    /// The permission bits of `name`.
    func mode(_ name: String) -> Int {
        var info = stat()
        return lstat(path(name), &info) == 0 ? Int(info.st_mode & 0o7777) : -1
    }

    /// Every file below the folder with its contents (links as `-> target`), to check
    /// that nothing changed.
    func snapshot() -> [String: String] {
        var result: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: url.path)
        while let name = enumerator?.nextObject() as? String {
            let full = path(name)
            var info = stat()
            guard lstat(full, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFLNK: result[name] = "-> " + ((try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? "?")
            case S_IFREG: result[name] = "\(info.st_mode & 0o7777) " + (read(name) ?? "")
            case S_IFIFO: result[name] = "fifo"
            case S_IFDIR: result[name] = "folder"
            default: result[name] = "other"
            }
        }
        return result
    }
}

/// Runs `text` as the script `file` (in the folder `directory`) and returns what it printed.
func transcript(of text: String, file: String = "lab.dsb", session: Session) async -> (output: String, failure: ScriptRunner.Failure?) {
    var output = ""
    let failure = await ScriptRunner(session: session).run(text, file: file) { output += $0 }
    return (output, failure)
}
