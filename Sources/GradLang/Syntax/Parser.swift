/// A recursive-descent parser with precedence climbing for binary operators.
/// Each parse function names the production it reads; `grammar.md` has the whole grammar.
struct Parser {
    /// How deeply brackets, blocks, prefix operators, `^`, calls and indexing may nest.
    static let maxNesting = 1000

    private let file: SourceFile
    let tokens: [Token]
    private(set) var position = 0
    private var depth: Int
    /// The brackets open at the current position, innermost last: an input that ends
    /// inside one is reported at the bracket.
    private var openers: [Token] = []
    /// Parsing the expression of a `{...}` in a string: its end of input is the `}`, which
    /// reads as `'}'` in messages, and no line typed later can complete it.
    private let inInterpolation: Bool

    private init(file: SourceFile, tokens: [Token], depth: Int = 0, inInterpolation: Bool = false) {
        self.file = file
        self.tokens = tokens
        self.depth = depth
        self.inInterpolation = inInterpolation
    }

    /// The statements of a program, and whether a `;` came after the last one (at a prompt,
    /// such an entry shows no value).
    struct Program {
        let statements: [Stmt]
        let endsWithSemicolon: Bool
    }

    /// program -> { statement separator } EOF
    static func parseProgram(_ file: SourceFile) throws -> Program {
        var parser = Parser(file: file, tokens: try Lexer.tokenize(file))
        var statements: [Stmt] = []
        var endsWithSemicolon = false
        parser.skipSeparators()
        while !parser.check(.end) {
            statements.append(try parser.statement())
            try parser.expectSeparator(closing: nil)
            endsWithSemicolon = parser.skipSeparators()
        }
        return Program(statements: statements, endsWithSemicolon: endsWithSemicolon)
    }

    static func parse(_ file: SourceFile) throws -> [Stmt] {
        try parseProgram(file).statements
    }

    // MARK: - Token helpers

    var current: Token { tokens[position] }
    var previous: Token { tokens[max(position - 1, 0)] }

    func check(_ kind: TokenKind) -> Bool { current.kind == kind }
    func check(_ symbol: Symbol) -> Bool { current.kind == .symbol(symbol) }
    func check(_ keyword: Keyword) -> Bool { current.kind == .keyword(keyword) }

    func peekKind(_ offset: Int) -> TokenKind {
        tokens[min(position + offset, tokens.count - 1)].kind
    }

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    mutating func match(_ symbol: Symbol) -> Bool {
        guard check(symbol) else { return false }
        advance()
        return true
    }

    mutating func match(_ keyword: Keyword) -> Bool {
        guard check(keyword) else { return false }
        advance()
        return true
    }

    /// Skips newlines and `;`, telling whether a `;` was among them.
    @discardableResult
    private mutating func skipSeparators() -> Bool {
        var skippedSemicolon = false
        while check(.newline) || check(.semicolon) {
            skippedSemicolon = skippedSemicolon || check(.semicolon)
            advance()
        }
        return skippedSemicolon
    }

    /// How `token` reads in a message: the end of a `{...}` in a string is its `'}'`.
    func quoted(_ token: Token) -> String {
        token.kind == .end && inInterpolation ? "'}'" : token.quoted
    }

    /// The current token, as a message names what was found.
    var found: String { quoted(current) }

    /// A syntax error at `token` (the current one by default). At the end of the input it is
    /// reported at the bracket left open, if any, and marks the input incomplete; at the end
    /// of a `{...}` in a string it stays at the `}`, complete.
    func error(_ diagnostic: Diagnostic, at token: Token? = nil) -> GradError {
        let token = token ?? current
        guard token.kind == .end else { return GradError(.syntax, diagnostic, at: token.range) }
        let neverClosed = openers.last.map {
            Diagnostic.neverClosed(opener: $0.quoted, closer: Parser.closer(of: $0))
        }
        if inInterpolation { return GradError(.syntax, neverClosed ?? diagnostic, at: token.range) }
        if let neverClosed { return GradError(.syntax, neverClosed, at: openers.last!.range, incomplete: true) }
        return GradError(.syntax, diagnostic, at: previous.range, incomplete: true)
    }

    private static func closer(of opener: Token) -> String {
        switch opener.kind {
        case .symbol(.leftParen): return "')'"
        case .symbol(.leftBracket): return "']'"
        default: return "'}'"
        }
    }

    /// Parses what `opener` encloses, remembering the open bracket for error messages.
    private mutating func enclosed<T>(by opener: Token, _ parse: (inout Parser) throws -> T) throws -> T {
        openers.append(opener)
        defer { openers.removeLast() }
        return try parse(&self)
    }

    private mutating func expect(_ symbol: Symbol, _ expectation: @autoclosure () -> String) throws -> Token {
        guard check(symbol) else { throw error(.unexpectedToken(expectation: expectation(), found: found)) }
        return advance()
    }

    /// The closing bracket of `opener`; at the end of the input, the error points at the
    /// bracket that was never closed.
    private mutating func expectClosing(_ closer: Symbol, of opener: Token, _ expectation: String) throws {
        if check(closer) {
            advance()
            return
        }
        let openedEarlier = current.kind != .end && current.range.start.line > opener.range.start.line
        throw error(.unexpectedToken(expectation: expectation, found: found, opener: openedEarlier ? opener.quoted : nil,
                                     openerLine: openedEarlier ? opener.range.start.line : nil))
    }

    private mutating func expectIdentifier(_ expectation: String) throws -> (String, SourceRange) {
        guard case .identifier(let name) = current.kind else {
            throw error(.unexpectedToken(expectation: expectation, found: found))
        }
        return (name, advance().range)
    }

    /// A statement ends at a newline, `;`, the closing brace of its block, or the end.
    private mutating func expectSeparator(closing: Symbol?) throws {
        if check(.newline) || check(.semicolon) || check(.end) { return }
        if let closing, check(closing) { return }
        throw error(.unexpectedToken(expectation: "expected a new line or ';' after the statement", found: found))
    }

    private mutating func nested<T>(_ parse: (inout Parser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxNesting {
            throw error(.nestedTooDeeply(limit: Parser.maxNesting))
        }
        return try parse(&self)
    }

    private func range(from start: Token) -> SourceRange {
        start.range.through(previous.range)
    }

    // MARK: - Statements

    /// statement -> for | while | break | continue | return | assignment | definition | expression
    private mutating func statement() throws -> Stmt {
        let start = current
        switch current.kind {
        case .keyword(.for): return try forStatement()
        case .keyword(.while): return try whileStatement()
        case .keyword(.break):
            advance()
            return Stmt(kind: .breakLoop, range: start.range)
        case .keyword(.continue):
            advance()
            return Stmt(kind: .continueLoop, range: start.range)
        case .keyword(.return):
            advance()
            let endsHere = check(.newline) || check(.semicolon) || check(.end) || check(.rightBrace)
            let value = endsHere ? nil : try expression()
            return Stmt(kind: .returnValue(value), range: range(from: start))
        default:
            if let habit = pythonDefinition() { throw habit }
            return try assignmentOrExpression()
        }
    }

    /// for -> 'for' IDENT 'in' expression block
    private mutating func forStatement() throws -> Stmt {
        let start = advance()
        let (name, nameRange) = try expectIdentifier("expected a loop variable after 'for'")
        guard match(.in) else {
            throw severalLoopVariables()
                ?? error(.unexpectedToken(expectation: "expected 'in' after 'for \(name)'", found: found))
        }
        let sequence = try expression()
        let body = try block(after: "the 'for' header")
        return Stmt(kind: .forLoop(variable: name, variableRange: nameRange, sequence: sequence, body: body),
                    range: range(from: start))
    }

    /// while -> 'while' expression block
    private mutating func whileStatement() throws -> Stmt {
        let start = advance()
        let condition = try expression()
        if let habit = assignmentInCondition(condition, after: "the 'while' condition") { throw habit }
        let body = try block(after: "the 'while' condition")
        return Stmt(kind: .whileLoop(condition: condition, body: body), range: range(from: start))
    }

    private static let compoundOperators: [Symbol: BinaryOperator] = [
        .plusEqual: .add, .minusEqual: .subtract, .starEqual: .multiply, .slashEqual: .divide,
    ]

    /// assignment -> target ('=' | '+=' | '-=' | '*=' | '/=') expression
    /// definition -> IDENT '(' [IDENT {',' IDENT}] ')' '=' (expression | block)
    private mutating func assignmentOrExpression() throws -> Stmt {
        let start = current
        let target = try expression()
        guard case .symbol(let symbol) = current.kind,
              symbol == .equal || Parser.compoundOperators[symbol] != nil else {
            if let habit = unparenthesizedParameters(target) { throw habit }
            return Stmt(kind: .expression(target), range: target.range)
        }
        let operatorToken = advance()
        let compound = Parser.compoundOperators[symbol]
        if compound == nil, case .call(let callee, let arguments) = target.kind, case .name(let name) = callee.kind {
            let parameters = try definitionParameters(arguments, of: name)
            let body = try expression()
            let function = Function(name: name, parameters: parameters, body: body)
            return Stmt(kind: .define(name: name, function), range: range(from: start))
        }
        let assignTarget = try assignmentTarget(target, operatorToken: operatorToken)
        let value = try expression()
        if let habit = unparenthesizedParameters(value) { throw habit }
        return Stmt(kind: .assign(target: assignTarget, compound: compound, value: value), range: range(from: start))
    }

    private func definitionParameters(_ arguments: [Argument], of name: String) throws -> [Parameter] {
        var seen = Set<String>()
        return try arguments.map { argument in
            guard argument.label == nil, case .name(let parameter) = argument.value.kind else {
                throw GradError(.syntax, .parametersMustBeNames(function: name), at: argument.value.range)
            }
            guard seen.insert(parameter).inserted else {
                throw GradError(.syntax, .duplicateParameter(parameter), at: argument.value.range)
            }
            return Parameter(name: parameter, range: argument.value.range)
        }
    }

    private func assignmentTarget(_ expr: Expr, operatorToken: Token) throws -> AssignTarget {
        var indices: [Expr] = []
        var base = expr
        while case .index(let inner, let index) = base.kind {
            indices.insert(index, at: 0)
            base = inner
        }
        guard case .name(let name) = base.kind else {
            throw GradError(.syntax, .invalidAssignmentTarget, at: expr.range)
        }
        return AssignTarget(name: name, nameRange: base.range, indices: indices)
    }

    // MARK: - Expressions

    /// expression -> lambda | binary(or)
    mutating func expression() throws -> Expr {
        try nested { try $0.binary(minimumPower: 0) }
    }

    /// Binding powers, loosest first; `^` binds right-to-left and tighter than unary minus.
    private static func infix(_ kind: TokenKind) -> (left: Int, right: Int)? {
        switch kind {
        case .keyword(.or): return (1, 2)
        case .keyword(.and): return (3, 4)
        case .symbol(.equalEqual), .symbol(.bangEqual), .symbol(.less), .symbol(.lessEqual),
             .symbol(.greater), .symbol(.greaterEqual): return (7, 8)
        case .symbol(.dotDot): return (9, 10)
        case .symbol(.plus), .symbol(.minus): return (11, 12)
        case .symbol(.star), .symbol(.slash), .symbol(.percent): return (13, 14)
        case .symbol(.caret), .symbol(.starStar): return (18, 17)
        default: return nil
        }
    }
    private static let notOperandPower = 5
    private static let unaryOperandPower = 17

    /// binary -> prefix { infix-operator prefix }, by binding power.
    ///
    /// Only an operand is one level deeper than its operator: `a + b + ... + z` has depth 2
    /// however long it is, while `2^2^...^2` and `-(-(...))` count one level per operator.
    private mutating func binary(minimumPower: Int) throws -> Expr {
        var run = Run(first: try prefix())
        while let power = Parser.infix(current.kind), power.left > minimumPower {
            let operatorToken = advance()
            let right = try nested { try $0.binary(minimumPower: power.right) }
            if let op = RunOperator(operatorToken.kind) {
                if power.left != run.power { run = Run(first: run.expression(), power: power.left) }
                run.operators.append(op)
                run.operands.append(right)
            } else {
                run = Run(first: try combine(run.expression(), operatorToken, right))
            }
            if power.left == 7, Parser.infix(current.kind)?.left == 7 {
                throw error(.chainedComparison)
            }
            if power.left == 9, check(.dotDot) {
                throw error(.chainedRange)
            }
        }
        return run.expression()
    }

    /// An operator whose runs are kept flat (see `Expr.Kind.chain`): a left-associative one
    /// that may repeat.
    private enum RunOperator {
        case arithmetic(BinaryOperator)
        case logical(LogicalOperator)

        init?(_ kind: TokenKind) {
            switch kind {
            case .keyword(.or): self = .logical(.or)
            case .keyword(.and): self = .logical(.and)
            case .symbol(.plus): self = .arithmetic(.add)
            case .symbol(.minus): self = .arithmetic(.subtract)
            case .symbol(.star): self = .arithmetic(.multiply)
            case .symbol(.slash): self = .arithmetic(.divide)
            case .symbol(.percent): self = .arithmetic(.remainder)
            default: return nil
            }
        }
    }

    /// Operators of one binding power read so far, with their right operands: `first + b - c`.
    /// (One binding power means one kind: `and`, `or`, `+ -` or `* / %`.)
    private struct Run {
        let first: Expr
        var power = 0
        var operators: [RunOperator] = []
        var operands: [Expr] = []

        /// `first` alone, a `logical` of and/or, or a `chain` of arithmetic.
        func expression() -> Expr {
            guard let last = operands.last else { return first }
            let range = first.range.through(last.range)
            if case .logical(let op) = operators[0] {
                return Expr(kind: .logical(op, [first] + operands), range: range)
            }
            var links: [ChainLink] = []
            links.reserveCapacity(operands.count)
            for case (.arithmetic(let op), let operand) in zip(operators, operands) {
                links.append(ChainLink(op: op, operand: operand, range: first.range.through(operand.range)))
            }
            return Expr(kind: .chain(first, links), range: range)
        }
    }

    /// `a ^ b`, a comparison or a range.
    private func combine(_ left: Expr, _ operatorToken: Token, _ right: Expr) throws -> Expr {
        let range = left.range.through(right.range)
        switch operatorToken.kind {
        case .symbol(.dotDot): return Expr(kind: .range(left, right), range: range)
        case .symbol(.starStar): return Expr(kind: .binary(.power, left, right), range: range)
        case .symbol(let symbol):
            guard let op = BinaryOperator(rawValue: symbol.rawValue) else { break }
            return Expr(kind: .binary(op, left, right), range: range)
        default: break
        }
        throw error(.unexpectedOperator(found: quoted(operatorToken)), at: operatorToken)
    }

    /// prefix -> ('-' | '+') binary(unary) | 'not' binary(not) | lambda | postfix
    private mutating func prefix() throws -> Expr {
        let start = current
        let op: UnaryOperator
        let power: Int
        switch current.kind {
        case .symbol(.minus): (op, power) = (.negate, Parser.unaryOperandPower)
        case .symbol(.plus): (op, power) = (.plus, Parser.unaryOperandPower)
        case .keyword(.not): (op, power) = (.not, Parser.notOperandPower)
        default:
            if let lambda = try lambdaIfPresent() { return lambda }
            return try postfix()
        }
        advance()
        let operand = try nested { try $0.binary(minimumPower: power) }
        return Expr(kind: .unary(op, operand), range: start.range.through(operand.range))
    }

    /// postfix -> primary { '(' arguments ')' | '[' expression ']' }
    private mutating func postfix() throws -> Expr {
        var expr = try primary()
        var chain = 0
        defer { depth -= chain }
        while check(.leftParen) || check(.leftBracket) {
            chain += 1
            depth += 1
            if depth > Parser.maxNesting { throw error(.nestedTooDeeply(limit: Parser.maxNesting)) }
            if check(.leftParen) {
                let opener = advance()
                let arguments = try enclosed(by: opener) { try $0.callArguments(opener: opener) }
                expr = Expr(kind: .call(expr, arguments), range: expr.range.through(previous.range))
            } else {
                let opener = advance()
                try enclosed(by: opener) { parser in
                    let index = try parser.expression()
                    try parser.expectClosing(.rightBracket, of: opener, "expected ']' after the index")
                    expr = Expr(kind: .index(expr, index), range: expr.range.through(parser.previous.range))
                }
            }
        }
        return expr
    }

    /// arguments -> [ argument { ',' argument } [','] ] ; argument -> [IDENT ':'] expression
    private mutating func callArguments(opener: Token) throws -> [Argument] {
        var arguments: [Argument] = []
        while !check(.rightParen) {
            var label: String?
            if case .identifier(let name) = current.kind, peekKind(1) == .symbol(.colon) {
                label = name
                advance()
                advance()
            } else if let last = arguments.last, last.label != nil {
                throw error(.positionalAfterNamed)
            }
            arguments.append(Argument(label: label, value: try expression()))
            if label == nil, let habit = namedArgumentWithEqual(arguments.last!.value) { throw habit }
            if !match(.comma) { break }
        }
        try expectClosing(.rightParen, of: opener, "expected ',' or ')' after an argument")
        return arguments
    }

    /// primary -> NUMBER | STRING | IDENT | 'true' | 'false' | 'none' | '(' expression ')'
    ///          | '[' [expression {',' expression} [',']] ']' | block | if
    private mutating func primary() throws -> Expr {
        let token = current
        switch token.kind {
        case .number(let value):
            advance()
            return Expr(kind: .number(value), range: token.range)
        case .string(let parts):
            advance()
            return Expr(kind: .string(try interpolatedParts(parts)), range: token.range)
        case .identifier(let name):
            if let habit = pythonLambda() { throw habit }
            advance()
            return Expr(kind: .name(name), range: token.range)
        case .keyword(.true), .keyword(.false):
            advance()
            return Expr(kind: .bool(token.kind == .keyword(.true)), range: token.range)
        case .keyword(.none):
            advance()
            return Expr(kind: .none, range: token.range)
        case .keyword(.if):
            return try conditional()
        case .symbol(.leftParen):
            advance()
            let inner = try enclosed(by: token) { parser in
                let inner = try parser.expression()
                if let habit = parser.tupleInParentheses(opener: token) { throw habit }
                try parser.expectClosing(.rightParen, of: token, "expected ')'")
                return inner
            }
            return Expr(kind: inner.kind, range: range(from: token))
        case .symbol(.leftBracket):
            return try vectorLiteral()
        case .symbol(.leftBrace):
            return try block(after: nil)
        default:
            throw error(.unexpectedToken(expectation: "expected an expression", found: found))
        }
    }

    /// vector -> '[' [expression {',' expression} [',']] ']'
    private mutating func vectorLiteral() throws -> Expr {
        let start = advance()
        var elements: [Expr] = []
        try enclosed(by: start) { parser in
            while !parser.check(.rightBracket) {
                elements.append(try parser.expression())
                if !parser.match(.comma) { break }
            }
            try parser.expectClosing(.rightBracket, of: start, "expected ',' or ']' after a vector element")
        }
        return Expr(kind: .vector(elements), range: range(from: start))
    }

    /// block -> '{' { statement separator } '}'
    private mutating func block(after what: String?) throws -> Expr {
        guard check(.leftBrace) else {
            let context = what.map { " after \($0)" } ?? ""
            throw error(.unexpectedToken(expectation: "expected '{'\(context)", found: found))
        }
        let start = advance()
        return try enclosed(by: start) { try $0.nested { parser in
            var statements: [Stmt] = []
            parser.skipSeparators()
            while !parser.check(.rightBrace) {
                if parser.check(.end) { throw parser.error(.unexpectedToken(expectation: "expected '}'", found: parser.found)) }
                statements.append(try parser.statement())
                try parser.expectSeparator(closing: .rightBrace)
                parser.skipSeparators()
            }
            parser.advance()
            return Expr(kind: .block(statements), range: parser.range(from: start))
        } }
    }

    /// if -> 'if' expression block [ 'else' (if | block) ]
    private mutating func conditional() throws -> Expr {
        let start = advance()
        let condition = try expression()
        if let habit = assignmentInCondition(condition, after: "the 'if' condition") { throw habit }
        let then = try block(after: "the 'if' condition")
        var otherwise: Expr?
        if match(.else) {
            otherwise = check(.if) ? try nested { try $0.conditional() } : try block(after: "'else'")
        }
        return Expr(kind: .conditional(condition: condition, then: then, else: otherwise), range: range(from: start))
    }

    /// lambda -> IDENT '->' body | '(' [IDENT {',' IDENT}] ')' '->' body
    private mutating func lambdaIfPresent() throws -> Expr? {
        let start = current
        var parameters: [Parameter] = []
        if case .identifier(let name) = current.kind, peekKind(1) == .symbol(.arrow) {
            parameters = [Parameter(name: name, range: current.range)]
            advance()
        } else if check(.leftParen), let close = closingParenOffset(), peekKind(close + 1) == .symbol(.arrow) {
            advance()
            while !check(.rightParen) {
                let (name, range) = try expectIdentifier("a lambda's parameters must be names")
                if parameters.contains(where: { $0.name == name }) {
                    throw GradError(.syntax, .duplicateParameter(name), at: range)
                }
                parameters.append(Parameter(name: name, range: range))
                if !match(.comma) { break }
            }
            _ = try expect(.rightParen, "expected ')' after the lambda's parameters")
        } else {
            return nil
        }
        advance()  // ->
        let body = try expression()
        let function = Function(name: nil, parameters: parameters, body: body)
        return Expr(kind: .lambda(function), range: start.range.through(body.range))
    }

    /// The offset of the `)` matching the current `(`, if the tokens between are flat.
    private func closingParenOffset() -> Int? {
        var offset = 1
        while true {
            switch peekKind(offset) {
            case .symbol(.rightParen): return offset
            case .identifier, .symbol(.comma): offset += 1
            default: return nil
            }
        }
    }

    // MARK: - String interpolation

    private mutating func interpolatedParts(_ parts: [StringPart]) throws -> [InterpolatedPart] {
        try parts.map { part in
            switch part {
            case .text(let text):
                return .text(text)
            case .interpolation(let source, let start, let spec):
                var lexer = Lexer(file: file, text: source, start: start)
                let tokens = try lexer.tokenize()
                var inner = Parser(file: file, tokens: tokens, depth: depth, inInterpolation: true)
                let expr = try inner.expression()
                guard inner.check(.end) else {
                    throw inner.error(.unexpectedInInterpolation(found: inner.found))
                }
                return .value(expr, spec: spec)
            }
        }
    }
}
