// Runs Grad code from another package (Swift 6 language mode, as a new app would be),
// registers a function with its derivative and checks that `grad` through it is exact.
// Exits 1 if anything differs.
import Foundation
import GradLang

let grad = Interpreter()
grad.define("cube", arity: 1, derivative: { p in [3 * p[0] * p[0]] }) { args in
    guard let x = args[0].doubleValue else { throw HostError("cube takes a number") }
    return .number(x * x * x)
}
let notes = CapturedOutput()
grad.output = notes.append
let gradient = try grad.run("grad(x -> cube(x) + x^2, [2])")
let expected = Value.vector([.number(16)])  // 3 * 2^2 + 2 * 2, exactly
print("grad(x -> cube(x) + x^2, [2]) = \(gradient)")
guard gradient == expected, notes.text.isEmpty else {
    print("expected \(expected) and no note, got \(gradient) and \(notes.pieces)")
    exit(1)
}
