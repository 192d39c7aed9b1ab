/// What went wrong, as data: one case per kind of mistake, with the facts it names (the
/// name, the types, the counts, the token found). `DiagnosticText.swift` turns each case
/// into its sentence, in one place; code that needs a fact matches the case instead of
/// reading the sentence.
enum Diagnostic: Sendable, Equatable {
    // MARK: Lexer

    /// `2x`, `1e`, `0x10`: digits running into letters (`habit` says what was probably meant).
    case malformedNumber(text: String, habit: NumberHabit?)
    /// `np.linalg.norm`, `v.sum()`: Python's modules and methods.
    case dottedName(dotted: String, called: Bool)
    case unexpectedCharacter(Unicode.Scalar)
    /// `(]`: a closer that does not match the bracket open.
    case mismatchedCloser(closer: String, open: String)
    /// `)` with nothing open.
    case unmatchedCloser(closer: String, opener: String)
    /// The line ended inside a string; `afterBackslash` when it ended right after a `\`.
    case unterminatedString(afterBackslash: Bool)
    case unknownEscape(Unicode.Scalar)
    /// `"{x"`: an interpolation the line ended in.
    case unclosedInterpolation
    /// `"{}"`
    case emptyInterpolation

    // MARK: Parser

    /// `expectation` ("expected ')' after the lambda's parameters"), then what came instead:
    /// a quoted token, `number`, `end of line`, `end of input`, or `'}'` at the end of a `{...}`
    /// in a string. `openerLine` is set when the closer of a bracket opened on an earlier line
    /// was expected, to ask whether it was closed.
    case unexpectedToken(expectation: String, found: String, opener: String? = nil, openerLine: Int? = nil)
    /// The input ended inside a bracket or block.
    case neverClosed(opener: String, closer: String)
    case nestedTooDeeply(limit: Int)
    /// `a < b < c`
    case chainedComparison
    /// `1..2..3`
    case chainedRange
    /// An operator where none belongs, such as `'='` inside an expression.
    case unexpectedOperator(found: String)
    /// `f(a: 1, 2)`
    case positionalAfterNamed
    /// `f(x + 1) = ...`
    case parametersMustBeNames(function: String)
    case duplicateParameter(String)
    /// `1 = x`, `f(x)[0] = 1`
    case invalidAssignmentTarget
    /// `"{1 2}"`: tokens after the expression of an interpolation.
    case unexpectedInInterpolation(found: String)

    // MARK: Python habits (grammar.md §10)

    /// `descend(f, p, lr = 0.1)`
    case namedArgumentWithEqual(name: String, value: String)
    /// `grad(f, (1, 2))`: `inside` is the text between the parentheses.
    case tuple(inside: String)
    /// `for px, py in pts`
    case severalLoopVariables(count: Int, sequence: String)
    /// `def f(x):`: `head` is `f(x)`.
    case pythonDefinition(head: String)
    /// `lambda x: x^2`
    case pythonLambda(parameters: [String], body: String)
    /// `if x = 3 {`: `construct` is "the 'if' condition" or "the 'while' condition".
    case assignmentInCondition(construct: String, condition: String, right: String)
    /// `g = x, y -> x*y`
    case unparenthesizedParameters(parameters: [String], body: String)

    // MARK: Resolver

    /// `break` or `continue` (the `keyword`) outside a loop.
    case outsideLoop(keyword: String)
    case returnOutsideFunction

    // MARK: Names

    /// `advice` is the Grad spelling of a Python name, or the closest defined name.
    case undefinedName(String, advice: UndefinedNameAdvice?)
    /// A local read before the function's assignment to it has run.
    case usedBeforeAssigned(String)
    /// `partial(f, p, x)`: a parameter's name, meant as the string `"x"`.
    case unquotedParameterName(String, builtin: String)
    /// `grad(x^2 + y^2, p)`: an expression in the undefined `variables` where a function belongs.
    case expressionForFunction(builtin: String, variables: [String], expression: String)

    // MARK: Arguments

    /// A built-in called with a number of arguments outside `accepted`.
    case builtinArgumentCount(builtin: String, accepted: ClosedRange<Int>, given: Int, usage: String)
    /// A Grad or host function called with `given` arguments instead of `parameters`.
    case argumentCount(function: String, parameters: Int, given: Int)
    /// A named argument `label:` to a function that takes none.
    case namedArgumentToFunction(function: String, label: String)
    /// A built-in's named argument it does not accept; `options` are those it does.
    case unknownOption(builtin: String, label: String, options: [String])
    /// `sqrt("a")`: `argument` names it ("the argument", "lr:"), `expected` its kind.
    case wrongArgumentType(builtin: String, argument: String, expected: ArgumentKind, got: String)
    /// `zeros(-1)`: a count that is not a whole number of at least 0.
    case notACount(builtin: String, argument: String, value: Double)
    /// A number `grad` follows, given where the built-in cannot differentiate.
    case notDifferentiable(builtin: String, argument: String)
    /// A built-in's own complaint about its arguments or its work, in its own words.
    case builtinRefused(builtin: String, complaint: String)

    // MARK: Limits

    case stepLimit(Int)
    case callDepthLimit(Int)
    /// The evaluation thread's stack is nearly used up; `dataToo` when a check that also
    /// sees deep data found it.
    case stackExhausted(dataToo: Bool)
    case memoryBudget(bytes: Int)
    case gradNesting(limit: Int)
    /// A vector nested deeper than `Limits.maxValueNesting`.
    case valueNesting(limit: Int)
    /// Arithmetic or an elementwise built-in (`subject`: "arithmetic on", "sin of") would
    /// build a vector over `Limits.maxVectorLength`.
    case copyTooLarge(subject: String, limit: Int)
    /// A built-in about to make a vector of `count` elements, or a matrix of `count` rows of `columns`.
    case lengthLimit(builtin: String, count: Int, columns: Int?, limit: Int)
    /// A string of `length` characters (nil: of more than the limit).
    case stringTooLong(length: Int?, limit: Int)
    case comparedTooLarge(limit: Int)
    /// Text of a vector over the limits of elements or characters.
    case displayTooLarge(elements: Int, characters: Int)
    /// A `grad`'s record of `operations` outgrew its share of the memory budget.
    case tapeBudget(operations: Int, budget: Int)
    /// A value the host handed in (`what` names it) is over a limit.
    case hostStringTooLong(what: String, length: Int, limit: Int)
    case hostVectorTooDeep(what: String, limit: Int)
    case hostVectorTooLarge(what: String, limit: Int)
    /// A program whose parse alone could pass the memory budget.
    case programTooLarge(bytes: Int, budget: Int, largest: Int, bytesPerCharacter: Int)

    // MARK: Stops

    /// `Interpreter.cancel()` or Ctrl-C.
    case interrupted

    /// An error not yet given a case of its own: its sentence as written where it was made.
    case sentence(String)
}

extension Diagnostic {
    /// The name of an `.undefinedName`, for a `catch ... where`, which cannot match a case.
    var undefinedName: String? {
        guard case .undefinedName(let name, _) = self else { return nil }
        return name
    }

    /// What a malformed number probably meant.
    enum NumberHabit: Sendable, Equatable {
        /// `1e`, `1e-`
        case exponentWithoutDigits
        /// `0x10`, `0b1`, `0o7`
        case otherBase
        /// `2x`
        case impliedProduct
    }

    /// The hint after "name 'x' is not defined".
    enum UndefinedNameAdvice: Sendable, Equatable {
        /// Grad's way to say what a Python or NumPy name says (`PythonNames`).
        case pythonHabit(String)
        /// The closest defined name by spelling, which may be a parameter of the function around.
        case closest(String, isParameter: Bool)
    }

    /// What a built-in's argument must be.
    enum ArgumentKind: Sendable, Equatable {
        case number, vector, function, bool, string
    }
}
