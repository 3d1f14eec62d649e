import Foundation
import OracleFixtures

/// `latent-oracle serve`: the evaluators as a JSON-lines service on standard input and output.
struct ServeCommand: Command {
    let name = "serve"
    let summary = "answer JSON-lines requests for certified values on stdin/stdout (for property-based tests)"
    let help = """
        Usage: latent-oracle serve

        Reads one request per line on standard input:
          { "group": "family/variant/group", "inputs": { … }, "id": ANY }
        and writes one line per request on standard output, in order, flushed at once:
          { "id": ANY, "expected": { … }, "tolerance": { … } }
        or, for a request that cannot be evaluated (unknown group, missing, extra or mistyped
        input, shape mismatch, NaN where not allowed, a size over the group's limit, a line over
        64 MiB, a line that is not JSON):
          { "id": ANY, "error": { "kind", "group", "field", "message" } }
        Inputs the model must refuse are answered, not errors: "expected": { "error": KIND }.
        A bad request never stops the service; it ends at the end of standard input.
        Empty lines are skipped.
        """

    func run(_ arguments: [String]) throws(CommandError) -> Int32 {
        _ = try Options(arguments, command: name, valued: [])
        var reader = LineReader(handle: FileHandle.standardInput, limit: EvaluationRequests.maximumRequestBytes)
        var lineNumber = 0
        while let line = reader.next() {
            lineNumber += 1
            let answer: String
            switch line {
            case .tooLong(let count):
                answer = EvaluationRequests.tooLongLine(byteCount: count, lineNumber: lineNumber)
            case .bytes(let bytes):
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                answer = EvaluationRequests.answerLine(bytes, lineNumber: lineNumber)
            }
            FileHandle.standardOutput.write(Data((answer + "\n").utf8))
        }
        return ExitStatus.success
    }
}

/// Lines of a file handle, read in blocks; a line longer than `limit` is skipped to its end
/// and reported by its length, so that memory stays bounded.
struct LineReader {
    enum Line {
        case bytes([UInt8])
        case tooLong(Int)
    }

    let handle: FileHandle
    let limit: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var finished = false

    init(handle: FileHandle, limit: Int) {
        self.handle = handle
        self.limit = limit
    }

    mutating func next() -> Line? {
        var skipped = 0
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                compact()
                return skipped > 0 ? .tooLong(skipped + line.count) : .bytes(line)
            }
            if buffer.count - start > limit {
                skipped += buffer.count - start
                buffer.removeAll(keepingCapacity: true)
                start = 0
            }
            if finished {
                guard start < buffer.count || skipped > 0 else { return nil }
                let line = Array(buffer[start...])
                buffer.removeAll()
                start = 0
                return skipped > 0 ? .tooLong(skipped + line.count) : .bytes(line)
            }
            // availableData returns as soon as some bytes arrive (readData(ofLength:) would wait
            // for a whole block, and an interactive client would never see its answer).
            let block = handle.availableData
            if block.isEmpty { finished = true } else { buffer.append(contentsOf: block) }
        }
    }

    private mutating func compact() {
        if start > (1 << 20) && start * 2 > buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
    }
}
