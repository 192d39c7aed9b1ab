import XCTest
@testable import GradLang

/// Errors carry their facts as a `Diagnostic`; entries tell whether a `;` silenced them.
final class DiagnosticTests: XCTestCase {
    private func diagnostic(_ source: String) -> Diagnostic? {
        errorOf(source)?.diagnostic
    }

    func testAnUndefinedNameCarriesTheNameAndTheClosestDefinedOne() {
        XCTAssertEqual(diagnostic("gard(sin, [1])"), .undefinedName("gard", advice: .closest("grad", isParameter: false)))
        XCTAssertEqual(diagnostic("f(alpha) = alpah + 1\nf(1)"),
                       .undefinedName("alpah", advice: .closest("alpha", isParameter: true)))
        XCTAssertEqual(diagnostic("gradient"),
                       .undefinedName("gradient", advice: .pythonHabit("the gradient of f at p is grad(f, p)")))
        XCTAssertEqual(diagnostic("qqqqqqqq"), .undefinedName("qqqqqqqq", advice: nil))
    }

    func testAnUndefinedParameterNameIsAdvisedToBeQuoted() {
        XCTAssertEqual(diagnostic("f(x, y) = x * y\npartial(f, [1, 2], y)"),
                       .unquotedParameterName("y", builtin: "partial"))
    }

    func testTheEndOfAnInterpolationIsItsBraceAndCompletesNothing() throws {
        let error = try XCTUnwrap(errorOf("\"{1 +}\""))
        XCTAssertEqual(error.diagnostic, .unexpectedToken(expectation: "expected an expression", found: "'}'"))
        XCTAssertFalse(error.isIncomplete)
        XCTAssertEqual(errorOf("\"{1 2}\"")?.diagnostic, .unexpectedInInterpolation(found: "number"))
    }

    func testTheSameErrorAtTheEndOfTheInputIsIncomplete() throws {
        let error = try XCTUnwrap(errorOf("1 +"))
        XCTAssertEqual(error.diagnostic, .unexpectedToken(expectation: "expected an expression", found: "end of input"))
        XCTAssertTrue(error.isIncomplete)
    }

    func testArgumentChecksNameTheBuiltinAndTheTypes() {
        XCTAssertEqual(diagnostic("zeros(\"a\")"),
                       .wrongArgumentType(builtin: "zeros", argument: "n", expected: .number, got: "string"))
        XCTAssertEqual(diagnostic("grad(sin, [1], h: true)"),
                       .wrongArgumentType(builtin: "grad", argument: "h:", expected: .number, got: "bool"))
        guard case .builtinArgumentCount(let builtin, let accepted, let given, _)? = diagnostic("sin(1, 2)") else {
            return XCTFail("sin(1, 2) is not a count of arguments")
        }
        XCTAssertEqual(builtin, "sin")
        XCTAssertEqual(accepted, 1...1)
        XCTAssertEqual(given, 2)
        XCTAssertEqual(diagnostic("f(x) = x\nf(1, 2)"), .argumentCount(function: "f", parameters: 1, given: 2))
    }

    func testLimitsAreTheirOwnCases() {
        let interpreter = Interpreter()
        interpreter.limits.maxSteps = 1000
        XCTAssertThrowsError(try interpreter.run("while true { }")) { error in
            XCTAssertEqual((error as? GradError)?.diagnostic, .stepLimit(1000))
        }
    }

    func testATrailingSemicolonSilencesAnEntry() throws {
        let interpreter = Interpreter()
        let silenced = ["x = 1; 2;", "2;\n", "2; # a comment", "2\n;", "\"{ {1; 2} }\";"]
        for source in silenced {
            XCTAssertTrue(try interpreter.runEntry(source).silenced, source)
        }
        let shown = ["\"a;\"", "2", "2 # a comment;", "s = \"a;\"; s  # a comment;", "\"{ {1; 2} }\"", "{ 1; }"]
        for source in shown {
            XCTAssertFalse(try interpreter.runEntry(source).silenced, source)
        }
        XCTAssertEqual(try interpreter.runEntry("x = 1; 2;").value, .number(2))
    }

    func testEveryCaseSaysSomething() {
        let samples: [Diagnostic] = [
            .malformedNumber(text: "2x", habit: .impliedProduct), .malformedNumber(text: "1e", habit: nil),
            .dottedName(dotted: "np.sum", called: true), .unexpectedCharacter("$"),
            .mismatchedCloser(closer: ")", open: "["), .unmatchedCloser(closer: ")", opener: "("),
            .unterminatedString(afterBackslash: false), .unknownEscape("q"), .unclosedInterpolation,
            .emptyInterpolation,
            .unexpectedToken(expectation: "expected ')'", found: "','", opener: "'('", openerLine: 1),
            .neverClosed(opener: "'('", closer: "')'"), .nestedTooDeeply(limit: 1000), .chainedComparison,
            .chainedRange, .unexpectedOperator(found: "'='"), .positionalAfterNamed,
            .parametersMustBeNames(function: "f"), .duplicateParameter("x"), .invalidAssignmentTarget,
            .unexpectedInInterpolation(found: "number"),
            .namedArgumentWithEqual(name: "lr", value: "0.1"), .tuple(inside: "1, 2"),
            .severalLoopVariables(count: 2, sequence: "pts"), .pythonDefinition(head: "f(x)"),
            .pythonLambda(parameters: ["x"], body: "x^2"),
            .assignmentInCondition(construct: "the 'if' condition", condition: "x", right: "3"),
            .unparenthesizedParameters(parameters: ["x", "y"], body: "x*y"),
            .outsideLoop(keyword: "break"), .returnOutsideFunction,
            .undefinedName("x", advice: nil), .usedBeforeAssigned("x"), .unquotedParameterName("x", builtin: "partial"),
            .expressionForFunction(builtin: "grad", variables: ["x", "y"], expression: "x^2 + y^2"),
            .builtinArgumentCount(builtin: "sin", accepted: 1...1, given: 2, usage: "sin(x)"),
            .argumentCount(function: "f", parameters: 1, given: 2),
            .namedArgumentToFunction(function: "f", label: "h"),
            .unknownOption(builtin: "grad", label: "lr", options: ["h", "method"]),
            .wrongArgumentType(builtin: "sqrt", argument: "the argument", expected: .bool, got: "string"),
            .notACount(builtin: "zeros", argument: "n", value: -1), .notDifferentiable(builtin: "round", argument: "x"),
            .builtinRefused(builtin: "plot", complaint: "nothing to draw"),
            .stepLimit(10), .callDepthLimit(10), .stackExhausted(dataToo: true), .memoryBudget(bytes: 1 << 20),
            .gradNesting(limit: 10), .valueNesting(limit: 10), .copyTooLarge(subject: "sin of", limit: 10),
            .lengthLimit(builtin: "zeros", count: 11, columns: 2, limit: 10), .stringTooLong(length: nil, limit: 10),
            .comparedTooLarge(limit: 10), .displayTooLarge(elements: 10, characters: 10),
            .tapeBudget(operations: 10, budget: 1 << 20), .hostStringTooLong(what: "x", length: 11, limit: 10),
            .hostVectorTooDeep(what: "x", limit: 10), .hostVectorTooLarge(what: "x", limit: 10),
            .programTooLarge(bytes: 10, budget: 10, largest: 1, bytesPerCharacter: 256),
            .cannotApply(op: .add, left: "string", right: "number"), .lengthMismatch(op: .add, left: 2, right: 3),
            .cannotNegate(type: "string"), .cannotCompare(op: .less, left: "vector", right: "vector"),
            .unaryPlus(got: "string"), .notANumber(purpose: "the end of a range", got: "string"),
            .conditionNotBool(construct: "if", got: "number"), .notIterable(type: "number"),
            .notCallable(name: nil, type: "number", calledLikeProduct: true),
            .hiddenBuiltin(name: "sin", type: "number", file: "a.grad", at: SourceLocation(line: 1, column: 1)),
            .rangeNotFinite, .rangeTooLong(count: 11, limit: 10),
            .countingGap(builtin: "range", first: 1e16, last: 1e16 + 4, step: 1),
            .pointArgumentCount(function: "grad(f)", coordinates: 2, given: 3),
            .notIndexable(type: "bool"), .elementOfNonVector(name: "v", depth: 1, type: "number"),
            .indexNotANumber(type: "string"), .indexNotWhole(0.5), .indexOutOfRange(index: 3, length: 2),
            .invalidFormatSpec(spec: "q", reason: "unknown type 'q'"), .formatNeedsWholeNumber(type: "d", got: 0.5),
            .hostFunctionThrew(function: "f", inDerivative: true, reason: "no"),
            .hostArgumentTooLarge(function: "f", limit: 10), .hostDerivativeNeedsNumber(function: "f", returned: "vector"),
            .hostDerivativeCount(function: "f", returned: 1, inputs: 2),
            .hostOutputCountChanged(function: "f", count: 1, nearby: 2), .foreignFunction("f"),
            .outputFailed(reason: "disk full"), .pictureFailed(reason: "disk full"), .alreadyRunning, .interrupted,
        ]
        let sampled = Set(samples.map(\.id))
        for id in Diagnostic.ID.allCases where !sampled.contains(id) {
            XCTFail("no sample of Diagnostic.\(id.rawValue): add one to this test")
        }
        for sample in samples {
            XCTAssertFalse(sample.message.isEmpty, "\(sample)")
        }
        XCTAssertEqual(Set(samples.map(\.message)).count, samples.count, "two cases read the same")
    }
}
