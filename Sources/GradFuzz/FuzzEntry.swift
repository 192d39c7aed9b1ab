// libFuzzer over the whole pipeline: each input is a Grad program, lexed, parsed and run
// in a fresh interpreter with small limits (output discarded); its value is shown and its
// error rendered, as the CLI would. Any crash, hang (-timeout) or memory blow-up
// (-rss_limit_mb) is a bug: every input must end in a value or a GradError.
//
// scripts/fuzz builds this with
//   swift build --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING \
//       --product GradFuzz --scratch-path .build-fuzz
// (libFuzzer supplies `main`). Built without FUZZING, as by a plain `swift build`, it is a
// replay tool instead: `GradFuzz FILE...` runs each file the same way and reports.

#if canImport(GradLang)
import GradLang
#endif

enum FuzzTarget {
    static var limits: Limits {
        var limits = Limits()
        limits.maxSteps = 20_000
        limits.maxCallDepth = 200
        limits.maxVectorLength = 10_000
        limits.maxStringLength = 100_000
        return limits
    }

    /// Runs one program; returns what happened, for the replay tool.
    @discardableResult
    static func run(_ source: String) -> String {
        let interpreter = Interpreter()
        interpreter.limits = limits
        interpreter.output = { _ in }
        defineHostFunctions(interpreter)
        do {
            let value = try interpreter.run(source, fileName: "fuzz.grad")
            _ = interpreter.userNames.map { interpreter.value(of: $0)?.description }
            return "value: " + value.description
        } catch let error as GradError {
            return DiagnosticRenderer.render(error)
        } catch {
            return "unexpected error: \(error)"
        }
    }

    /// Host functions, so the fuzzer reaches them too (the seeds call them).
    static func defineHostFunctions(_ interpreter: Interpreter) {
        interpreter.define("hsq", arity: 1, derivative: { x in x.map { 2 * $0 } }) { args in
            guard let x = args[0].doubleValue else { throw HostError("hsq takes a number") }
            return .number(x * x)
        }
        interpreter.define("hmul3", arity: 3) { args in
            guard let x = args[0].doubleValue, let y = args[1].doubleValue, let z = args[2].doubleValue else {
                throw HostError("hmul3 takes three numbers")
            }
            return .number(x * y * z)
        }
        interpreter.define("hsum", arity: 1) { args in
            guard let v = args[0].doubles else { throw HostError("hsum takes a vector of numbers") }
            return .number(v.reduce(0, +))
        }
        interpreter.define("hpair", arity: 2) { args in .vector([args[1], args[0]]) }
        interpreter.define("hbad", arity: 1, derivative: { _ in [] }) { _ in .number(1) }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.run(String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
    return 0
}
#else
import Foundation

@main
struct GradFuzzReplay {
    static func main() {
        let paths = CommandLine.arguments.dropFirst()
        if paths.isEmpty {
            print("usage: GradFuzz FILE... (runs each file as the fuzz target does; build with scripts/fuzz to fuzz)")
        }
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("\(path): cannot read")
                continue
            }
            let source = String(decoding: data, as: UTF8.self)
            print("\(path): \(FuzzTarget.run(source))")
        }
    }
}
#endif
