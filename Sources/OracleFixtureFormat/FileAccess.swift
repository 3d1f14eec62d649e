import Foundation

/// Reading, writing and creating files with messages for people.
///
/// Every failure is a `FixtureError` of kind `io` that names the path, says what failed in
/// plain words (never a Foundation error domain and code) and what to do. Reads are bounded:
/// a file larger than `maximumBytes` is refused before it is read, and a device such as
/// `/dev/zero` or `/dev/null` is refused as not being a file, so no input can hang a reader or
/// exhaust memory through its size alone.
public enum FileAccess {
    /// The largest fixture, results or request file read: 256 MiB. A results file of 10⁶ case
    /// ids with a few outputs each is about 40 MB, and their fixture file about 150 MB; the
    /// committed fixture files are all under 1 MB.
    public static let maximumBytes = 256 << 20

    /// The limit in words, for messages and help texts.
    public static let maximumDescription = "256 MiB"

    /// The bytes of the file at `path`, or nil when nothing exists there.
    ///
    /// Regular files and pipes (`/dev/stdin` fed by a pipe) are read; a folder, a device or a
    /// file over `maximumBytes` is refused with a one-line error.
    public static func read(_ path: String) throws(FixtureError) -> [UInt8]? {
        var status = stat()
        if stat(path, &status) != 0 {
            let code = errno
            if code == ENOENT { return nil }
            throw failure(path, "cannot read the file: \(describe(code))", remedy(for: code, reading: true))
        }
        switch status.st_mode & S_IFMT {
        case S_IFDIR:
            throw failure(path, "this is a folder, not a file", "give the path of a JSON file")
        case S_IFCHR, S_IFBLK:
            throw failure(path, "this is a device, not a file", "give the path of a JSON file")
        default:
            break
        }
        if Int(status.st_size) > maximumBytes {
            throw tooLarge(path)
        }
        // O_NONBLOCK keeps open(2) of a pipe without a writer from waiting; reads block again.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw failure(path, "cannot read the file: \(describe(code))", remedy(for: code, reading: true))
        }
        defer { close(descriptor) }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(max(status.st_size, 0)))
        var block = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = block.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                throw failure(path, "reading the file failed: \(describe(code))", remedy(for: code, reading: true))
            }
            if count == 0 { return bytes }
            guard bytes.count + count <= maximumBytes else { throw tooLarge(path) }
            bytes.append(contentsOf: block[0..<count])
        }
    }

    /// Creates the folder at `path` and any missing parents; an existing folder is fine.
    public static func createFolder(_ path: String) throws(FixtureError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw failure(
                    path, "cannot create the folder: a file of that name exists",
                    "remove the file or choose another folder")
            }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path {
            try createFolder(parent)
        }
        if mkdir(path, 0o755) != 0 {
            let code = errno
            if code == EEXIST { return }
            throw failure(path, "cannot create the folder: \(describe(code))", remedy(for: code, reading: false))
        }
    }

    /// The hidden temporary a process writes before renaming it over `target`:
    /// `.NAME.tmp-PID` in the target's folder.
    public static func temporaryPath(for target: String, processID: Int32 = getpid()) -> String {
        let url = URL(fileURLWithPath: target)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(processID)").path
    }

    /// Writes `bytes` to `path` atomically: into `temporaryPath(for:)`, then `rename(2)` over the
    /// target, so that no reader ever sees a half-written file. Creates missing folders.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws(FixtureError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw failure(
                path, "cannot write the file: a folder of that name exists", "give the path of a file, not of a folder")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try createFolder(folder)
        let temporary = temporaryPath(for: path)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let code = errno
            throw failure(path, "cannot write the file: \(describe(code))", remedy(for: code, reading: false))
        }
        var written = 0
        var writeError: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    writeError = errno
                    return
                }
                written += count
            }
        }
        if close(descriptor) != 0, writeError == 0 { writeError = errno }
        if writeError != 0 {
            unlink(temporary)
            throw failure(
                path, "writing the file failed: \(describe(writeError))", remedy(for: writeError, reading: false))
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw failure(
                path, "cannot move the new file into place: \(describe(code))", remedy(for: code, reading: false))
        }
    }

    /// The hidden temporaries `.NAME.tmp-PID` directly inside `folder`, with their process ids.
    public static func temporaries(in folder: String) -> [(name: String, processID: Int32)] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.sorted().compactMap { name in
            guard name.hasPrefix("."), let marker = name.range(of: ".tmp-", options: .backwards),
                let pid = Int32(name[marker.upperBound...]), pid > 0
            else { return nil }
            return (name, pid)
        }
    }

    /// Whether a process with this id is running (a temporary of a dead one is stale).
    public static func isRunning(_ processID: Int32) -> Bool {
        kill(processID, 0) == 0 || errno == EPERM
    }

    /// What an errno means, in words.
    static func describe(_ code: Int32) -> String {
        switch code {
        case EACCES, EPERM: return "permission denied"
        case ENOENT: return "a folder on the path does not exist"
        case ENOTDIR: return "a part of the path is a file, not a folder"
        case EISDIR: return "this is a folder, not a file"
        case ENOSPC: return "the disk is full"
        case EROFS: return "the file system is read-only"
        case ENAMETOOLONG: return "the path is too long"
        case ELOOP: return "the path has a loop of symbolic links"
        case EDQUOT: return "the disk quota is exhausted"
        default: return String(cString: strerror(code))
        }
    }

    static func remedy(for code: Int32, reading: Bool) -> String {
        switch code {
        case EACCES, EPERM:
            return reading
                ? "check the file's permissions" : "check that you may write in that folder, or choose another"
        case ENOENT, ENOTDIR: return "check the path"
        case ENOSPC, EDQUOT: return "free some disk space and try again"
        case EROFS: return "choose a folder on a writable disk"
        default: return reading ? "check the path and the file" : "check the path and that the folder is writable"
        }
    }

    static func failure(_ path: String, _ problem: String, _ remedy: String) -> FixtureError {
        FixtureError(.io, location: path, problem: problem, remedy: remedy)
    }

    static func tooLarge(_ path: String) -> FixtureError {
        failure(
            path, "the file is larger than the \(maximumDescription) limit of this reader",
            "split it into smaller files (a results file per fixture file)")
    }
}
