import Foundation
import ArgumentParser
import GradLang

/// `--memory 4G`: a byte count with an optional unit (K, M, G, T; KiB … TiB and KB … TB
/// mean the same powers of 1024, as `ulimit` and most tools read them).
struct MemorySize: ExpressibleByArgument {
    let bytes: Int

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).uppercased()
        let digits = text.prefix { $0.isNumber || $0 == "." }
        let unit = text.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        let shifts: [String: Int] = ["": 0, "B": 0, "K": 10, "KB": 10, "KIB": 10, "M": 20, "MB": 20, "MIB": 20,
                                     "G": 30, "GB": 30, "GIB": 30, "T": 40, "TB": 40, "TIB": 40]
        guard let amount = Double(digits), amount > 0, let shift = shifts[unit] else { return nil }
        let bytes = amount * Double(1 << shift)
        guard bytes < Double(Int.max) else { return nil }
        self.bytes = Int(bytes)
    }

    static var defaultValueDescription: String { "2G" }
}
