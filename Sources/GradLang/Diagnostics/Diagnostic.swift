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

    // MARK: Values

    /// `"a" + 1`: an arithmetic operator given operands of these types.
    case cannotApply(op: BinaryOperator, left: String, right: String)
    /// `[1, 2] + [1, 2, 3]`
    case lengthMismatch(op: BinaryOperator, left: Int, right: Int)
    /// `-"a"`
    case cannotNegate(type: String)
    /// `[1] < [2]`: an ordering of values that have none.
    case cannotCompare(op: BinaryOperator, left: String, right: String)
    /// `+"a"`
    case unaryPlus(got: String)
    /// A value that must be a number, such as an end of a range; `purpose` names it.
    case notANumber(purpose: String, got: String)
    /// `if 1 { ... }`: `construct` is the keyword.
    case conditionNotBool(construct: String, got: String)
    /// `for x in 3`
    case notIterable(type: String)
    /// `f(1)` where `f` (`name`, nil for an expression) holds a value of `type`;
    /// `calledLikeProduct` when it is a number called with one argument, as in `2(x + 1)`.
    case notCallable(name: String?, type: String, calledLikeProduct: Bool)
    /// A call of `name`, a built-in the assignment at `file`:`at` hid with a `type`.
    case hiddenBuiltin(name: String, type: String, file: String, at: SourceLocation)
    /// `a..b` with a bound that is infinite or NaN.
    case rangeNotFinite
    /// `a..b` of more than `limit` elements.
    case rangeTooLong(count: Double, limit: Int)
    /// Counting from `first` to `last` by `step` where the numbers are further apart than
    /// the step; `builtin` is nil for `a..b`.
    case countingGap(builtin: String?, first: Double, last: Double, step: Double)
    /// `grad(f)` called with other than the point; `coordinates` when f also takes numbers.
    case pointArgumentCount(function: String, coordinates: Int?, given: Int)

    // MARK: Elements

    /// `3[0]`
    case notIndexable(type: String)
    /// `v[0][1] = x` where `v` (`name`), or its element at `depth`, is a `type`.
    case elementOfNonVector(name: String, depth: Int, type: String)
    /// `v["a"]`
    case indexNotANumber(type: String)
    /// `v[0.5]`, or an index beyond any length.
    case indexNotWhole(Double)
    case indexOutOfRange(index: Int, length: Int)
    /// `"{x:q}"`: `reason` says what is wrong in the spec.
    case invalidFormatSpec(spec: String, reason: String)
    /// `"{x:d}"` of a number that is not whole.
    case formatNeedsWholeNumber(type: Character, got: Double)

    // MARK: Host

    /// A host function (or its `derivative:`) threw; `reason` is the host's description.
    case hostFunctionThrew(function: String, inDerivative: Bool, reason: String)
    /// A host function that `grad` follows, given an argument over the length limit.
    case hostArgumentTooLarge(function: String, limit: Int)
    /// A host function defined with `derivative:` returned a `returned`, not a number.
    case hostDerivativeNeedsNumber(function: String, returned: String)
    /// A host `derivative:` returned `returned` partial derivatives for `inputs` numbers.
    case hostDerivativeCount(function: String, returned: Int, inputs: Int)
    /// A host function returned `count` numbers, and `nearby` at a point nearby.
    case hostOutputCountChanged(function: String, count: Int, nearby: Int)
    /// A function made by another interpreter.
    case foreignFunction(String)
    /// The host's `output` threw.
    case outputFailed(reason: String)
    /// The host's `pictureOutput` threw.
    case pictureFailed(reason: String)
    /// `run` while this interpreter runs a program on another thread.
    case alreadyRunning

    // MARK: Stops

    /// `Interpreter.cancel()` or Ctrl-C.
    case interrupted
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
