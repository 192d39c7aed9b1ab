import Foundation

/// The JSON-lines protocol of `grad --jupyter`, spoken with the Python kernel in
/// `jupyter/grad_kernel`: one request a line on standard input, and on standard output, one
/// JSON object a line: while a cell runs, `stream` and `picture` messages in the order the
/// program wrote them, then one `reply` to each request.
enum JupyterMessages {
    struct Request: Decodable {
        /// `execute`, `complete`, `inspect` or `is_complete`.
        let op: String
        var code: String = ""
        /// Where the cursor is in `code`, in Unicode scalars (Jupyter's code points).
        var cursor: Int?
        /// The cell's execution count: `In[3]` in error locations.
        var count: Int?
        /// A silent execution (a front end's own request) sets no `ans`.
        var silent: Bool?

        enum CodingKeys: String, CodingKey { case op, code, cursor, count, silent }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            op = try container.decode(String.self, forKey: .op)
            code = try container.decodeIfPresent(String.self, forKey: .code) ?? ""
            cursor = try container.decodeIfPresent(Int.self, forKey: .cursor)
            count = try container.decodeIfPresent(Int.self, forKey: .count)
            silent = try container.decodeIfPresent(Bool.self, forKey: .silent)
        }
    }

    struct Stream: Encodable {
        let type = "stream"
        let text: String
    }

    struct Picture: Encodable {
        let type = "picture"
        let svg: String
        /// The terminal drawing, for front ends without SVG.
        let text: String
        let title: String
    }

    struct ExecuteReply: Encodable {
        let type = "reply"
        let status: String
        /// The value of the cell's last expression as Grad shows it; nil when there is none.
        var value: String?
        var ename: String?
        var evalue: String?
        var traceback: [String]?
    }

    struct CompleteReply: Encodable {
        let type = "reply"
        let matches: [String]
        let cursor_start: Int
        let cursor_end: Int
    }

    struct InspectReply: Encodable {
        let type = "reply"
        let found: Bool
        let text: String
    }

    struct IsCompleteReply: Encodable {
        let type = "reply"
        /// `complete` or `incomplete`.
        let status: String
    }

    struct BadRequest: Encodable {
        let type = "reply"
        let status = "error"
        let ename = "BadRequest"
        let evalue: String
    }
}

/// Standard output as a channel of JSON lines. Messages are written whole, under a lock:
/// program output arrives on the evaluation thread, replies on the main thread.
final class JSONLineWriter: @unchecked Sendable {
    private let lock = NSLock()
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    func send<Message: Encodable>(_ message: Message) {
        lock.withLock {
            guard var line = try? encoder.encode(message) else { return }
            line.append(UInt8(ascii: "\n"))
            FileHandle.standardOutput.write(line)
        }
    }
}
