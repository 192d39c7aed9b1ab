import ArgumentParser
import Foundation

/// Program bytes to text: UTF-8 only, with the place of the first bad byte when it is not.
enum SourceText {
    static func decode(_ data: Data, name: String) throws -> String {
        if let text = String(data: data, encoding: .utf8) {
            return text.hasPrefix("#!") ? "#" + text.dropFirst() : text
        }
        let (line, column) = firstInvalidByte(in: [UInt8](data))
        FileHandle.standardError.write("\(name):\(line):\(column): error: the file is not valid UTF-8 text "
                                       + "(a bad byte here); save it as UTF-8\n")
        throw ExitCode(1)
    }

    /// The line and column (in characters) of the first byte that is not valid UTF-8.
    /// Lines end as `SourceFile` ends them: at `\n`, `\r\n` or a lone `\r`.
    private static func firstInvalidByte(in bytes: [UInt8]) -> (Int, Int) {
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var line = 1, column = 1, i = 0
        while i < bytes.count {
            let length = validSequenceLength(bytes, at: i)
            if length == 0 { break }
            switch bytes[i] {
            case lf where i > 0 && bytes[i - 1] == cr: break  // the end of a \r\n
            case cr, lf: line += 1; column = 1
            default: column += 1
            }
            i += length
        }
        return (line, column)
    }

    private static func validSequenceLength(_ bytes: [UInt8], at i: Int) -> Int {
        for length in 1...4 where i + length <= bytes.count {
            if String(bytes: bytes[i..<i + length], encoding: .utf8) != nil { return length }
        }
        return 0
    }
}
