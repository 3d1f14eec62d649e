import Foundation
import Testing
@testable import OracleFixtures

/// Reading and writing files: every refusal is one `io` line that names the path and says in
/// words what failed, never a Foundation error domain and code.
@Suite("File access")
struct FileAccessTests {
    /// A fresh empty folder under the system's temporary folder.
    static func scratchFolder() throws -> String {
        let path = NSTemporaryDirectory() + "file-access-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func expectPlain(_ error: FixtureError, path: String, saying phrase: String) {
        #expect(error.kind == .io)
        #expect(error.location == path)
        #expect(error.description.contains(phrase), "\(error)")
        #expect(!error.description.contains("NSCocoaErrorDomain") && !error.description.contains("Code="), "\(error)")
        #expect(!error.description.contains("permission"), "\(error)")
        #expect(!error.description.contains("\n"))
    }

    @Test("a missing file reads as nil")
    func missing() throws {
        let folder = try Self.scratchFolder()
        #expect(try FileAccess.read(folder + "/absent.json") == nil)
    }

    @Test("a device is refused as not a file, not as a permission problem", arguments: ["/dev/null", "/dev/zero"])
    func device(path: String) throws {
        let error = try #require(throws: FixtureError.self) { try FileAccess.read(path) }
        Self.expectPlain(error, path: path, saying: "is a device, not a file")
    }

    @Test("a folder is refused as a folder")
    func folder() throws {
        let folder = try Self.scratchFolder()
        let error = try #require(throws: FixtureError.self) { try FileAccess.read(folder) }
        Self.expectPlain(error, path: folder, saying: "is a folder, not a file")
    }

    @Test("a file over the size limit is refused before it is read")
    func tooLarge() throws {
        let path = try Self.scratchFolder() + "/huge.json"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        // A sparse file: its size is over the limit, yet it occupies no disk space.
        #expect(truncate(path, off_t(FileAccess.maximumBytes + 1)) == 0)
        let error = try #require(throws: FixtureError.self) { try FileAccess.read(path) }
        Self.expectPlain(error, path: path, saying: "larger than the \(FileAccess.maximumDescription) limit")
    }

    @Test("an empty file reads as no bytes, and the parser says it is empty")
    func empty() throws {
        let path = try Self.scratchFolder() + "/empty.json"
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let bytes = try #require(try FileAccess.read(path))
        #expect(bytes.isEmpty)
        let error = try #require(throws: FixtureError.self) { try ResultsFile.decode(bytes, source: path) }
        #expect(error.description.contains("the file is empty"))
    }

    @Test("writing below a file names the problem in words")
    func writeBelowAFile() throws {
        let folder = try Self.scratchFolder()
        let blocker = folder + "/plain"
        #expect(FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8)))
        let error = try #require(throws: FixtureError.self) {
            try FileAccess.writeAtomically(Array("{}".utf8), to: blocker + "/sub/out.json")
        }
        Self.expectPlain(error, path: blocker, saying: "a file of that name exists")
    }

    @Test("writing onto a folder is refused")
    func writeOntoAFolder() throws {
        let folder = try Self.scratchFolder()
        let error = try #require(throws: FixtureError.self) { try FileAccess.writeAtomically([], to: folder) }
        Self.expectPlain(error, path: folder, saying: "a folder of that name exists")
    }

    @Test("an atomic write creates its folders and leaves no temporary behind")
    func atomicWrite() throws {
        let folder = try Self.scratchFolder()
        let path = folder + "/a/b/out.json"
        try FileAccess.writeAtomically(Array("{}\n".utf8), to: path)
        #expect(try FileAccess.read(path) == Array("{}\n".utf8))
        #expect(FileAccess.temporaries(in: folder + "/a/b").isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/a/b") == ["out.json"])
    }
}
