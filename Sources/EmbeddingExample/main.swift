// Embedding Grad in a Swift program: the code of docs/embedding.md, as one runnable file.
//   swift run grad-embedding-example
// It prints what each step gives and exits 1 if anything is not as the guide says.
import Foundation
import GradLang

var failures = 0
@MainActor func check(_ what: String, _ ok: Bool) {
    print(ok ? "ok    \(what)" : "FAIL  \(what)")
    if !ok { failures += 1 }
}

// 1. Run code, read values back.
let grad = Interpreter()
try grad.run("f(x, y) = x^2 + y^2")
let g = try grad.run("grad(f, [1, 2])")
print("grad(f, [1, 2]) =", g)                                  // [2, 4]
check("run returns the gradient", g == .vector([.number(2), .number(4)]))
check("a Value reads as Swift numbers", g.doubles == [2, 4])
try grad.run("w = descend(f, [3, 4], lr: 0.25, steps: 10)")
check("names persist between runs", grad.value(of: "w")?.doubles?.allSatisfy { abs($0) < 0.01 } == true)
grad.setValue([1, 2, 3], for: "v")                              // Value is literal-friendly
check("a host sets a name", try grad.run("sum(v)") == 6)
check("a statement has no value", try grad.run("x = 1") == .none)

// 2. Capture output.
let printed = CapturedOutput()           // output runs on the evaluation thread: a lock guards this
grad.output = printed.append
try grad.run(#"print("loss:", f(1, 2))"#)
check("print goes through output", printed.pieces == ["loss: 5\n"])
//    Pictures as SVG, for a host that shows them (a notebook): nothing of them goes to output.
let titles = CapturedOutput()
grad.pictureOutput = { picture in titles.append(picture.svg.contains("<svg") ? picture.title : "not SVG") }
try grad.run("plot(sin, 0, 2 * pi)")
check("a picture reaches pictureOutput as SVG", titles.pieces == ["plot of sin"] && printed.pieces.count == 1)
grad.pictureOutput = nil

// 3. Register host functions.
//    Without a derivative, grad falls back to central differences on that function alone.
grad.define("softplus", arity: 1) { args in
    guard let x = args[0].doubleValue else { throw HostError("softplus takes a number") }
    return .number(log1p(exp(x)))
}
printed.removeAll()
let numeric = try grad.run("grad(x -> softplus(x) * 2, 0)").doubleValue!
check("grad through a host function, numerically (\(numeric))", abs(numeric - 1) < 1e-8)
check("and says so once", printed.pieces.count == 1 && printed.text.hasPrefix("note: grad differentiates host function 'softplus'"))

//    With a derivative (the gradient with respect to each number), grad is exact.
grad.define("hypot", arity: 2, derivative: { p in
    let r = (p[0] * p[0] + p[1] * p[1]).squareRoot()
    return [p[0] / r, p[1] / r]
}) { args in
    guard let x = args[0].doubleValue, let y = args[1].doubleValue else { throw HostError("hypot takes two numbers") }
    return .number((x * x + y * y).squareRoot())
}
let exact = try grad.run("grad((a, b) -> hypot(a, 2 * b), [3, 2])")
check("grad through a host derivative is exact: \(exact)", exact == [0.6, 1.6])

//    Errors a body throws become Grad errors at the call.
do {
    try grad.run("y = 1\nsoftplus(\"x\")", fileName: "host.grad")
    check("a host error is a Grad error", false)
} catch let error as GradError {
    print(error)                                                // host.grad:2:1: error: softplus: softplus takes a number
    check("a host error is a Grad error at the call", error.line == 2 && error.column == 1
          && error.message == "softplus: softplus takes a number")
}

// 4. Limits: every runaway becomes an error, and the interpreter stays usable.
grad.limits.maxSteps = 100_000
do {
    try grad.run("while true {}")
} catch let error as GradError {
    check("the step limit stops while true {} (\(error.message))", error.kind == .limit)
}
grad.limits.maxSteps = nil
do {
    try grad.run("z = zeros(1e12)")
} catch let error as GradError {
    check("zeros(1e12) is a limit error", error.kind == .limit)
}

// 5. Cancel from a timer (or any thread).
let timer = DispatchSource.makeTimerSource(queue: .global())
timer.schedule(deadline: .now() + 0.2)
timer.setEventHandler { grad.cancel() }
timer.resume()
let start = Date()
do {
    try grad.run("while true {}")
} catch let error as GradError {
    check("cancel() stops a run after \(String(format: "%.2f", Date().timeIntervalSince(start))) s",
          error.kind == .interrupted)
}
check("names survive errors and cancellation", try grad.run("f(3, 4)") == 25)

if failures > 0 {
    print("\(failures) check(s) failed")
    exit(1)
}
print("all embedding checks passed")
