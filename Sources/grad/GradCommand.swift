import ArgumentParser
import Foundation
import GradLang

@main
struct GradCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grad",
        abstract: "Grad: a small language for calculus experiments.",
        discussion: """
            With no arguments, starts the REPL (or, when standard input is not a terminal, \
            runs the program read from it).
            Examples:
              grad lesson.grad           run a file
              grad -e 'grad((x, y) -> x^2 + y^2, [1, 2])'
              grad -i lesson.grad        run a file, then explore its names in the REPL
              grad - < lesson.grad       run the program read from standard input
            """,
        version: "grad 0.1.0"
    )

    @Option(name: .customShort("e"), parsing: .unconditional,
            help: ArgumentHelp("Run CODE and print the value of its last expression.", valueName: "CODE"))
    var code: String?

    @Flag(name: .customShort("i"), help: "Run FILE, then open the REPL with its names.")
    var interactive = false

    @Option(help: ArgumentHelp("The memory budget of each run: a gradient's record, and what the process "
                               + "may grow by (as 512M, 2G, 8G).", valueName: "SIZE"))
    var memory: MemorySize?

    @Flag(help: ArgumentHelp("Serve the Grad kernel for Jupyter: JSON lines on standard input and output "
                             + "(see jupyter/README.md; not for typing)."))
    var jupyter = false

    @Argument(help: "A .grad program to run; - reads it from standard input.")
    var file: String?

    func validate() throws {
        if code != nil, let file {
            throw ValidationError("-e runs CODE instead of a file; give -e CODE or \(file), not both")
        }
        if jupyter && (code != nil || file != nil || interactive) {
            throw ValidationError("--jupyter serves a notebook's cells; give it no -e, -i or FILE")
        }
        if interactive && file == nil {
            throw ValidationError("-i needs a FILE to run first")
        }
    }

    mutating func run() throws {
        let interpreter = Interpreter()
        if let memory { interpreter.limits.maxMemory = memory.bytes }
        interpreter.plotSettings = TerminalPlotSettings.current()
        if jupyter {
            // A stray interrupt between cells must not end the read of the next request.
            Signals.forwardInterrupts(to: interpreter, restartingReads: true)
            return JupyterMode(interpreter: interpreter).run()
        }
        interpreter.output = StandardOutput.write
        interpreter.notes = StandardOutput.note
        Signals.forwardInterrupts(to: interpreter)
        if let code {
            try runCode(code, in: interpreter)
        } else if let file, interactive {
            // As python -i: the REPL opens even when the file stops with an error.
            if (try? runFile(file, in: interpreter)) != nil {
                try? StandardOutput.write(Commands.loadedLine(file, added: interpreter.userNames) + "\n")
            }
            try REPL(interpreter: interpreter).run()
            return
        } else if let file {
            try runFile(file, in: interpreter)
        } else if isatty(STDIN_FILENO) == 1 {
            try REPL(interpreter: interpreter).run()
            return
        } else {
            try runStandardInput(in: interpreter)
        }
        try StandardOutput.finish()
    }

    private func runCode(_ code: String, in interpreter: Interpreter) throws {
        let value = try Runner.run(code, name: "-e", in: interpreter)
        // A failed write leaves the stream's error flag set, and `StandardOutput.finish` reports it.
        if value != .none { try? StandardOutput.write(value.summary + "\n") }
    }

    private func runStandardInput(in interpreter: Interpreter) throws {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        try runSource(data, name: "<stdin>", in: interpreter)
    }

    /// A FILE of `-` is standard input, as for most Unix commands.
    private func runFile(_ path: String, in interpreter: Interpreter) throws {
        if path == "-" { return try runStandardInput(in: interpreter) }
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            FileHandle.standardError.write("grad: error: \(path) \(reason)\n")
            throw ExitCode(1)
        }
        try runSource(data, name: path, in: interpreter)
    }

    private func runSource(_ data: Data, name: String, in interpreter: Interpreter) throws {
        let source = try SourceText.decode(data, name: name)
        try Runner.run(source, name: name, in: interpreter)
    }
}

/// Runs a whole program; an error goes to standard error and ends the process.
enum Runner {
    @discardableResult
    static func run(_ source: String, name: String, in interpreter: Interpreter) throws -> Value {
        do {
            return try interpreter.run(source, fileName: name)
        } catch let error as GradError {
            FileHandle.standardError.write(DiagnosticRenderer.render(error))
            throw ExitCode(error.kind == .interrupted ? 130 : 1)
        }
    }
}

extension FileHandle {
    func write(_ text: String) { write(Data(text.utf8)) }
}
