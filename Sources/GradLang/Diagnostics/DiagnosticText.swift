/// Every diagnostic's sentence, in one place: the wording of Grad's errors lives here and
/// nowhere else (golden programs pin it byte for byte).
extension Diagnostic {
    var message: String {
        switch self {
        // MARK: Lexer
        case .malformedNumber(let text, let habit):
            return "malformed number '\(text)'" + (habit.map { "; \(Diagnostic.advice($0))" } ?? "")
        case .dottedName(let dotted, let called):
            let last = dotted.split(separator: ".").last.map(String.init) ?? dotted
            let call = called ? "(...)" : ""
            return "Grad has no modules or methods: write \(last)\(call), not \(dotted)\(call)"
        case .unexpectedCharacter(let c):
            return "unexpected character \(Diagnostic.describe(c))"
        case .mismatchedCloser(let closer, let open):
            return "'\(closer)' does not match the open '\(open)'"
        case .unmatchedCloser(let closer, let opener):
            return "'\(closer)' has no matching '\(opener)'"
        case .unterminatedString(let afterBackslash):
            return afterBackslash ? "unterminated string" : "unterminated string; close it with '\"' on the same line"
        case .unknownEscape(let c):
            return "unknown escape '\\\(c)' in a string; write '\\\\' for a backslash"
        case .unclosedInterpolation:
            return "'{' in a string is not closed; write '{{' for a literal brace"
        case .emptyInterpolation:
            return "empty '{}' in a string; put an expression inside, or write '{{}}' for braces"

        // MARK: Parser and resolver
        case .unexpectedToken(let expectation, let found, let opener, let openerLine):
            guard let opener, let openerLine else { return "\(expectation), found \(found)" }
            return "\(expectation), found \(found) (is the \(opener) on line \(openerLine) closed?)"
        case .neverClosed(let opener, let closer):
            return "\(opener) is never closed; add \(closer)"
        case .nestedTooDeeply(let limit):
            return "nested too deeply (more than \(limit) levels)"
        case .chainedComparison:
            return "comparisons cannot be chained; write 'a < b and b < c'"
        case .chainedRange:
            return "ranges cannot be chained"
        case .unexpectedOperator(let found):
            return "unexpected \(found)"
        case .positionalAfterNamed:
            return "a positional argument cannot follow a named one"
        case .parametersMustBeNames(let name):
            return "the parameters of '\(name)' must be plain names, as in '\(name)(x, y) = ...'"
        case .duplicateParameter(let name):
            return "parameter '\(name)' appears twice"
        case .invalidAssignmentTarget:
            return "cannot assign to this expression; the left of '=' must be a name, "
                + "an element like 'v[i]', or a definition like 'f(x) = ...'"
        case .unexpectedInInterpolation(let found):
            return "unexpected \(found) in '{...}' of a string"
        case .outsideLoop(let keyword):
            return "'\(keyword)' outside a loop"
        case .returnOutsideFunction:
            return "'return' outside a function"

        // MARK: Python habits
        case .namedArgumentWithEqual(let name, let value):
            return "expected ',' or ')' after an argument, found '='; "
                + "a named argument is written with ':', as in '\(name): \(value)'"
        case .tuple(let inside):
            return "expected ')', found ','; Grad has no tuples: a point is a vector, written [\(inside)]"
        case .severalLoopVariables(let count, let sequence):
            let elements = (0..<count).map { "p[\($0)]" }
            return "a loop has one variable: write 'for p in \(sequence)' and use "
                + elements.dropLast().joined(separator: ", ") + " and \(elements.last!)"
        case .pythonDefinition(let head):
            return "Grad has no 'def'; define a function as '\(head) = expression', "
                + "or '\(head) = { ... }' for several statements"
        case .pythonLambda(let parameters, let body):
            return "Grad has no 'lambda'; write '\(Diagnostic.parameterList(parameters)) -> \(body)'"
        case .assignmentInCondition(let construct, let condition, let right):
            return "expected '{' after \(construct), found '='; to compare, write '==', "
                + "as in '\(condition) == \(right)'"
        case .unparenthesizedParameters(let parameters, let body):
            return "a lambda with several parameters puts them in parentheses: "
                + "'\(Diagnostic.parameterList(parameters)) -> \(body)'"

        // MARK: Names
        case .undefinedName(let name, let advice):
            let message = "name '\(name)' is not defined"
            switch advice {
            case .pythonHabit(let text)?: return message + "; \(text)"
            case .closest(let suggestion, let isParameter)?:
                return message + "; did you mean '\(suggestion)'\(isParameter ? " (a parameter)" : "")?"
            case nil: return message
            }
        case .usedBeforeAssigned(let name):
            return "'\(name)' is used before it is given a value; it is local to the function because "
                + "the function assigns to it, so give it a value first"
        case .unquotedParameterName(let name, let builtin):
            return "name '\(name)' is not defined; \(builtin) takes the parameter's name as a string: write \"\(name)\""
        case .expressionForFunction(let builtin, let variables, let expression):
            let inWhat = variables.count == 1 ? variables[0] : variables.dropLast().joined(separator: ", ")
                + " and " + variables.last!
            return "\(builtin) needs a function, but its first argument is an expression in \(inWhat), which "
                + "\(variables.count == 1 ? "has" : "have") no value; write it as a function: "
                + "\(Diagnostic.parameterList(variables)) -> \(expression)"

        // MARK: Arguments
        case .builtinArgumentCount(let builtin, let accepted, let given, let usage):
            return "\(builtin) takes \(Diagnostic.describe(accepted)) but \(given) \(given == 1 ? "was" : "were") "
                + "given; usage: \(usage)"
        case .argumentCount(let function, let parameters, let given):
            return "\(function) takes \(English.count(parameters, "argument")) "
                + "but \(given) \(given == 1 ? "was" : "were") given"
        case .namedArgumentToFunction(let function, let label):
            return "\(function) takes no named arguments, but '\(label):' was given"
        case .unknownOption(let builtin, let label, let options):
            let accepted = options.isEmpty ? "it takes no named arguments"
                : "it takes " + options.map { "\($0):" }.joined(separator: ", ")
            return "\(builtin) has no option '\(label):'; \(accepted)"
        case .wrongArgumentType(let builtin, let argument, let expected, let got):
            return "\(builtin): \(argument) must be \(Diagnostic.describe(expected)), got \(got)"
        case .notACount(let builtin, let argument, let value):
            return "\(builtin): \(argument) must be a whole number of at least 0, got \(NumberFormatting.display(value))"
        case .notDifferentiable(let builtin, let argument):
            return "\(builtin) is not differentiable in its argument \(argument); "
                + "give it a number that does not depend on the point being differentiated"
        case .builtinRefused(let builtin, let complaint):
            return "\(builtin): \(complaint)"

        // MARK: Limits
        case .stepLimit(let steps):
            return "stopped after \(steps) steps (the step limit); is a loop missing its exit?"
        case .callDepthLimit(let depth):
            return "recursion too deep: more than \(depth) nested calls; does the function reach its base case?"
        case .stackExhausted(let dataToo):
            return "out of stack space: calls \(dataToo ? "or data " : "")nest too deeply"
        case .memoryBudget(let bytes):
            return "this run holds more than \(Limits.describe(bytes: bytes)) of memory, its budget "
                + "(Limits.maxMemory; grad --memory sets it): vectors, strings or closures kept in too many places"
        case .gradNesting(let limit):
            return "grad is nested more than \(limit) deep; each level can double the work"
        case .valueNesting(let limit):
            return "vectors nested more than \(limit) deep exceed the limit of nesting (Limits.maxValueNesting)"
        case .copyTooLarge(let subject, let limit):
            return "\(subject) a vector of more than \(limit) elements (counting the elements of nested vectors) "
                + "exceeds the limit of \(limit)"
        case .lengthLimit(let builtin, let count, let columns, let limit):
            let what = columns.map { "a matrix of \(count) × \($0) numbers" } ?? "a vector of \(count) elements"
            return "\(builtin): \(what) exceeds the limit of \(limit)"
        case .stringTooLong(let length, let limit):
            let what = length.map { "a string of \($0) characters" } ?? "a string of more than \(limit) characters"
            return "\(what) exceeds the limit of \(limit)"
        case .comparedTooLarge(let limit):
            return "comparing vectors of more than \(limit) elements (counting the elements of nested vectors) "
                + "exceeds the limit of \(limit)"
        case .displayTooLarge(let elements, let characters):
            return "showing this vector would take more than \(elements) elements or \(characters) characters, "
                + "over the limits"
        case .tapeBudget(let operations, let budget):
            return "the gradient's record of \(operations) operations exceeds the memory budget of "
                + "\(Limits.describe(bytes: budget)) (Limits.maxMemory; grad --memory sets it); "
                + "differentiate fewer steps at once"
        case .hostStringTooLong(let what, let length, let limit):
            return "\(what) is a string of \(length) characters, over the limit of \(limit)"
        case .hostVectorTooDeep(let what, let limit):
            return "\(what) is a vector nested more than \(limit) deep, over the limit of nesting"
        case .hostVectorTooLarge(let what, let limit):
            return "\(what) has more than \(limit) elements, over the limit of \(limit)"
        case .programTooLarge(let bytes, let budget, let largest, let perCharacter):
            return "the program is \(Limits.describe(bytes: bytes)) of text, too large: with a memory budget of "
                + "\(Limits.describe(bytes: budget)) a program may have up to \(Limits.describe(bytes: largest)) "
                + "(parsing takes up to \(perCharacter) bytes a character; grad --memory raises the budget)"

        // MARK: Values
        case .cannotApply(let op, let left, let right):
            return "cannot apply '\(op.rawValue)' to \(left) and \(right)" + Diagnostic.hint(op, left, right)
        case .lengthMismatch(let op, let left, let right):
            return "vectors of different lengths (\(left) and \(right)) cannot be combined with '\(op.rawValue)'"
        case .cannotNegate(let type):
            return "cannot negate a \(type)"
        case .cannotCompare(let op, let left, let right):
            let advice = Diagnostic.isVector(left) || Diagnostic.isVector(right) ? "; compare elements, or use norm(v)" : ""
            return "cannot compare \(left) and \(right) with '\(op.rawValue)'\(advice)"
        case .unaryPlus(let got):
            return "unary '+' needs a number or a vector, got \(got)"
        case .notANumber(let purpose, let got):
            return "\(purpose) must be a number, got \(got)"
        case .conditionNotBool(let construct, let got):
            return "the condition of '\(construct)' must be true or false, got \(got)"
                + (got == "number" ? "; compare it, as in 'x != 0'" : "")
        case .notIterable(let type):
            return "cannot loop over \(type)" + (type == "number" ? "; to count, write 'for i in range(n)'" : "")
        case .notCallable(let name, let type, let calledLikeProduct):
            // `2(x + 1)` is a product written as in algebra; with several arguments it is not.
            let advice = calledLikeProduct ? "; write '*' for a product, as in 2 * (x + 1)" : ""
            return "\(Diagnostic.subject(name, type)), not a function\(advice)"
        case .hiddenBuiltin(let name, let type, let file, let at):
            return "\(Diagnostic.subject(name, type)), not a function: the assignment at \(file):\(at.line):\(at.column) "
                + "hid the built-in \(name); give the \(type) another name (in the REPL, :reset brings the built-in back)"
        case .rangeNotFinite:
            return "a range needs finite bounds"
        case .rangeTooLong(let count, let limit):
            return "a range of \(NumberFormatting.display(count)) elements exceeds the limit of \(limit)"
        case .countingGap(let builtin, let first, let last, let step):
            let (a, b, s) = (NumberFormatting.display(first), NumberFormatting.display(last), NumberFormatting.display(step))
            return (builtin.map { "\($0): " } ?? "")
                + "cannot count from \(a) to \(b) in steps of \(s): numbers this large are more than \(s) apart"
        case .pointArgumentCount(let function, let coordinates, let given):
            let numbers = coordinates.map { " or \($0) numbers" } ?? ""
            return "\(function) takes the point (1 argument\(numbers)), but \(given) \(given == 1 ? "was" : "were") given"

        // MARK: Elements
        case .notIndexable(let type):
            return "cannot index a \(type); only vectors and strings have elements"
        case .elementOfNonVector(let name, let depth, let type):
            let what = depth == 0 ? "'\(name)'" : "'\(name)' at depth \(depth)"
            return "cannot assign to an element of \(what): it is a \(type), not a vector"
        case .indexNotANumber(let type):
            return "an index must be a whole number, got \(type)"
        case .indexNotWhole(let x):
            return "an index must be a whole number, got \(NumberFormatting.display(x))"
        case .indexOutOfRange(let index, let length):
            return "index \(index) is out of range for length \(length)"
                + (length == 0 ? "" : " (valid: 0 to \(length - 1), or -\(length) to -1)")
        case .invalidFormatSpec(let spec, let reason):
            return "invalid format spec '\(spec)': \(reason)"
        case .formatNeedsWholeNumber(let type, let got):
            return "format '\(type)' needs a whole number, got \(NumberFormatting.display(got))"

        // MARK: The host
        case .hostFunctionThrew(let function, let inDerivative, let reason):
            return "\(function): \(inDerivative ? "derivative: " : "")\(reason)"
        case .hostArgumentTooLarge(let function, let limit):
            return "\(function): an argument of more than \(limit) elements exceeds the limit"
        case .hostDerivativeNeedsNumber(let function, let returned):
            return "\(function) was defined with derivative:, so it must return a number; it returned \(returned)"
        case .hostDerivativeCount(let function, let returned, let inputs):
            return "\(function): derivative: returned \(English.count(returned, "number")) for "
                + "\(English.count(inputs, "input")); it must give one partial derivative per number of the arguments"
        case .hostOutputCountChanged(let function, let count, let nearby):
            return "\(function) returned \(English.count(count, "number")) at one point and \(nearby) "
                + "at a nearby one, so it cannot be differentiated"
        case .foreignFunction(let name):
            return "\(name) was made by another interpreter, and a function cannot run outside the interpreter "
                + "that made it; define it in this one (numbers, vectors and strings move between interpreters freely)"
        case .outputFailed(let reason):
            return "cannot write the output: \(reason)"
        case .pictureFailed(let reason):
            return "cannot show the picture: \(reason)"
        case .alreadyRunning:
            return "this interpreter is already running a program; run one program at a time, "
                + "or use one Interpreter per thread"

        // MARK: Interruption
        case .interrupted:
            return "interrupted"
        }
    }

    private static func advice(_ habit: NumberHabit) -> String {
        switch habit {
        case .exponentWithoutDigits: return "an exponent needs digits, as in 1e-7"
        case .otherBase: return "Grad numbers are decimal"
        case .impliedProduct: return "write '2 * x' for a product, not '2x'"
        }
    }

    /// A character the lexer cannot read: its code point, and itself when it shows.
    private static func describe(_ c: Unicode.Scalar) -> String {
        let hex = "U+" + String(c.value, radix: 16, uppercase: true).leftPadded(to: 4)
        if c == "\u{FFFD}" { return "\(hex) (the text is not valid UTF-8 here)" }
        if c.properties.isWhitespace || c.value < 32 || c.value == 127 { return hex }
        return "'\(c)' (\(hex))"
    }

    /// `x`, or `(x, y)`: parameters as a lambda writes them.
    private static func parameterList(_ names: [String]) -> String {
        names.count == 1 ? names[0] : "(" + names.joined(separator: ", ") + ")"
    }

    /// "1 argument", "at least 2 arguments", "1 to 3 arguments".
    private static func describe(_ accepted: ClosedRange<Int>) -> String {
        let (low, high) = (accepted.lowerBound, accepted.upperBound)
        if low == high { return English.count(low, "argument") }
        if high == Int.max { return "at least \(English.count(low, "argument"))" }
        return "\(low) to \(high) arguments"
    }

    private static func describe(_ kind: ArgumentKind) -> String {
        switch kind {
        case .number: return "a number"
        case .vector: return "a vector"
        case .function: return "a function"
        case .bool: return "true or false"
        case .string: return "a string"
        }
    }

}

extension Diagnostic {
    /// What to do instead of `left op right`: text and a number join with str, a function is called first.
    private static func hint(_ op: BinaryOperator, _ left: String, _ right: String) -> String {
        if op == .add, left == "string" && right == "number" || left == "number" && right == "string" {
            return "; use str(x) to turn a number into text"
        }
        if left == "function" || right == "function" { return "; call the function first, as in f(x)" }
        return ""
    }

    private static func isVector(_ type: String) -> Bool { type == "vector" || type == "matrix" }

    /// "'f' is a number", "this is none".
    private static func subject(_ name: String?, _ type: String) -> String {
        let article = type == "none" ? "none" : "a \(type)"
        return name.map { "'\($0)' is \(article)" } ?? "this is \(article)"
    }

}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
