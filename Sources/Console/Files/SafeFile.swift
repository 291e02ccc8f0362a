import Foundation

/// Reading and writing files with POSIX calls whose every failure is a ``FileProblem``
/// (Foundation's `FileHandle.write` traps on a full disk).
public enum SafeFile {
    /// The contents of the regular file at `url`, at most `limit` bytes. `name` is how
    /// the person wrote it, for errors. Never blocks on a FIFO.
    static func read(_ url: URL, name: String, limit: Int, lookedIn: String = "") throws(FileProblem) -> Data {
        let descriptor = open(url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw FileProblem("cannot read \(name): \(FileProblem.reason(code))" + lookedIn)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw FileProblem("cannot read \(name): \(FileProblem.reason(errno))") }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw FileProblem("cannot read \(name): is a directory" + lookedIn)
        default: throw FileProblem("cannot read \(name): not a regular file (a device or a FIFO)" + lookedIn)
        }
        guard info.st_size <= limit else { throw FileProblem("cannot read \(name): larger than \(limit / 1_048_576) MB") }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw FileProblem("cannot read \(name): \(FileProblem.reason(errno))") }
            if count == 0 { return data }
            data.append(contentsOf: buffer[0..<count])
            guard data.count <= limit else { throw FileProblem("cannot read \(name): larger than \(limit / 1_048_576) MB") }
        }
    }

    /// Writes every byte of `text` to `descriptor`, retrying after signals. Returns the
    /// `errno` of a write that failed (`ENOSPC` for one that wrote nothing), or nil.
    public static func writeAll(_ text: String, to descriptor: Int32) -> Int32? {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return count < 0 ? errno : ENOSPC }
            bytes = bytes.dropFirst(count)
        }
        return nil
    }

    /// Writes `text` to `url` atomically (see ``AtomicFile``).
    static func write(_ text: String, to url: URL, name: String, force: Bool) throws(FileProblem) {
        let file = try AtomicFile(target: url, name: name, force: force)
        try file.write(text)
        try file.commit()
        file.close()
    }
}

/// A file written the safe way: into a new temporary file beside the target (mode
/// 0644, never executable), renamed over the target only once everything is written,
/// so a kill or a full disk leaves the old file as it was. Only a regular file is ever
/// replaced (never a device, a FIFO, a folder or a symbolic link), and only with
/// `force`. After ``commit()`` the file stays open for appending (a recording).
final class AtomicFile {
    let target: URL
    let name: String
    private var descriptor: Int32
    private var temporaryPath: String?

    init(target: URL, name: String, force: Bool) throws(FileProblem) {
        self.target = target
        self.name = name
        var info = stat()
        if lstat(target.path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG: if !force { throw FileProblem("\(name) exists; add --force to overwrite it") }
            case S_IFLNK: throw FileProblem("refused \(name): it is a symbolic link; dsbox does not write through links")
            case S_IFDIR: throw FileProblem("cannot write \(name): is a directory")
            default: throw FileProblem("refused \(name): not a regular file (a device or a FIFO); dsbox writes only regular files")
            }
        } else if errno != ENOENT {
            throw FileProblem("cannot write \(name): \(FileProblem.reason(errno))")
        }
        let folder = target.deletingLastPathComponent().path
        var template = Array((folder + "/." + target.lastPathComponent + ".dsbox-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw FileProblem("cannot write \(name): \(FileProblem.reason(errno))") }
        self.descriptor = descriptor
        temporaryPath = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard fchmod(descriptor, 0o644) == 0 else {
            let code = errno
            abandon()
            throw FileProblem("cannot write \(name): \(FileProblem.reason(code))")
        }
    }

    deinit {
        abandon()
        close()
    }

    /// Appends `text`; a failure (a full disk) is a ``FileProblem``, never a trap.
    func write(_ text: String) throws(FileProblem) {
        guard descriptor >= 0 else { throw FileProblem("cannot write \(name): the file is closed") }
        if let code = SafeFile.writeAll(text, to: descriptor) { throw FileProblem("cannot write \(name): \(FileProblem.reason(code))") }
    }

    /// Makes what was written reach the disk, and puts it in place of the target.
    func commit() throws(FileProblem) {
        guard let temporaryPath else { return }
        guard fsync(descriptor) == 0 else {
            let code = errno
            abandon()
            throw FileProblem("cannot write \(name): \(FileProblem.reason(code))")
        }
        guard rename(temporaryPath, target.path) == 0 else {
            let code = errno
            abandon()
            throw FileProblem("cannot write \(name): \(FileProblem.reason(code))")
        }
        self.temporaryPath = nil
    }

    /// Removes the temporary file of a write that will not be committed.
    func abandon() {
        if let temporaryPath { unlink(temporaryPath) }
        temporaryPath = nil
    }

    func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }
}
