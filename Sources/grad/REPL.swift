import Foundation
import GradLang

/// Placeholder until the libedit REPL lands: reads lines and evaluates each.
struct REPL {
    let interpreter: Interpreter

    func run() throws {
        while true {
            print("grad> ", terminator: "")
            fflush(stdout)
            guard let line = readLine() else { print(); return }
            do {
                let value = try interpreter.run(line, fileName: "<repl>")
                if value != .none { print(value) }
            } catch let error as GradError {
                FileHandle.standardError.write(DiagnosticRenderer.render(error))
            }
        }
    }
}
