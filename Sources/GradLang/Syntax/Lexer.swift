/// Turns source text into tokens. Line breaks become `.newline` tokens only where they can
/// end a statement: not inside `( )` or `[ ]`, not after an operator or a comma, and not
/// between a `}` and the `else` on the next line. The parser has no newline rules of its own.
struct Lexer {
    private let file: SourceFile
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1
    /// Open brackets, innermost last; a newline counts only directly inside `{ }` or at top level.
    private var brackets: [Symbol] = []
    private var tokens: [Token] = []
    /// The `{expression}` of a string rather than a whole source: it ends no statement.
    private let isFragment: Bool

    init(file: SourceFile, text: String? = nil, start: SourceLocation = SourceLocation(line: 1, column: 1)) {
        self.file = file
        self.isFragment = text != nil
        self.scalars = Array((text ?? file.text).unicodeScalars)
        self.line = start.line
        self.column = start.column
    }

    static func tokenize(_ file: SourceFile) throws -> [Token] {
        var lexer = Lexer(file: file)
        return try lexer.tokenize()
    }

    mutating func tokenize() throws -> [Token] {
        while let c = peek() {
            let start = location
            if c == "\n" {
                advance()
                emitNewline(at: start)
            } else if c == " " || c == "\t" {
                advance()
            } else if c == "#" {
                while let d = peek(), d != "\n" { advance() }
            } else if isDigit(c) || (c == "." && isDigit(peek(1))) {
                try lexNumber(from: start)
            } else if isIdentifierStart(c) {
                try lexWord(from: start)
            } else if c == "\"" {
                try lexString(from: start)
            } else {
                try lexSymbol(from: start)
            }
        }
        if !isFragment { emitNewline(at: location) }
        tokens.append(Token(kind: .end, range: range(from: location)))
        return tokens
    }

    // MARK: - Characters

    private var location: SourceLocation { SourceLocation(line: line, column: column) }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func advance() {
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    private func isDigit(_ c: Unicode.Scalar?) -> Bool {
        guard let c else { return false }
        return c >= "0" && c <= "9"
    }

    private func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || (c.properties.isAlphabetic && c.value > 32)
    }

    private func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || isDigit(c)
    }

    private func range(from start: SourceLocation) -> SourceRange {
        SourceRange(file: file, start: start, end: location)
    }

    private func error(_ diagnostic: Diagnostic, at start: SourceLocation) -> GradError {
        GradError(.syntax, diagnostic, at: range(from: start))
    }

    // MARK: - Tokens

    private mutating func add(_ kind: TokenKind, from start: SourceLocation) {
        tokens.append(Token(kind: kind, range: range(from: start)))
    }

    private mutating func emitNewline(at start: SourceLocation) {
        if let top = brackets.last, top != .leftBrace { return }
        guard let last = tokens.last else { return }
        switch last.kind {
        case .newline: return
        case .symbol(let s) where s.continuesLine: return
        case .keyword(.and), .keyword(.or), .keyword(.not): return
        default: tokens.append(Token(kind: .newline, range: SourceRange(file: file, start: start, end: start)))
        }
    }

    private mutating func lexNumber(from start: SourceLocation) throws {
        var text = ""
        func take(_ lexer: inout Lexer) { text.unicodeScalars.append(lexer.scalars[lexer.index]); lexer.advance() }
        while isDigit(peek()) { take(&self) }
        // `1..5` is a range, not the number `1.` followed by `.5`.
        if peek() == ".", peek(1) != "." {
            take(&self)
            while isDigit(peek()) { take(&self) }
        }
        if peek() == "e" || peek() == "E" {
            let signed = peek(1) == "+" || peek(1) == "-"
            if isDigit(peek(signed ? 2 : 1)) {
                take(&self)
                if signed { take(&self) }
                while isDigit(peek()) { take(&self) }
            }
        }
        if let c = peek(), isIdentifierStart(c) {
            while let c = peek(), isIdentifierPart(c) || c == "+" || c == "-" && (text.last == "e" || text.last == "E") {
                text.unicodeScalars.append(c)
                advance()
            }
            throw error(.malformedNumber(text: text, habit: numberHabit(text, letter: c)), at: start)
        }
        guard let value = Double(text) else { throw error(.malformedNumber(text: text, habit: nil), at: start) }
        add(.number(value), from: start)
    }

    private func numberHabit(_ text: String, letter: Unicode.Scalar) -> Diagnostic.NumberHabit {
        switch letter {
        case "e", "E": return .exponentWithoutDigits
        case "x" where text.hasPrefix("0"), "b" where text.hasPrefix("0"), "o" where text.hasPrefix("0"):
            return .otherBase
        default: return .impliedProduct
        }
    }

    private mutating func lexWord(from start: SourceLocation) throws {
        var word = ""
        while let c = peek(), isIdentifierPart(c) {
            word.unicodeScalars.append(c)
            advance()
        }
        if peek() == ".", let next = peek(1), isIdentifierStart(next) { throw dottedName(word, from: start) }
        if let keyword = Keyword(rawValue: word) {
            if keyword == .else { joinElseToBlock() }
            add(.keyword(keyword), from: start)
        } else {
            add(.identifier(word), from: start)
        }
    }

    /// `}` at the end of a line and `else` on the next are one statement.
    private mutating func joinElseToBlock() {
        guard tokens.count >= 2, tokens[tokens.count - 1].kind == .newline,
              tokens[tokens.count - 2].kind == .symbol(.rightBrace) else { return }
        tokens.removeLast()
    }

    /// `np.linalg.norm`: Python's modules and methods, read to the end for the message.
    private mutating func dottedName(_ first: String, from start: SourceLocation) -> GradError {
        var dotted = first
        while peek() == ".", let next = peek(1), isIdentifierStart(next) {
            dotted.unicodeScalars.append(".")
            advance()
            while let c = peek(), isIdentifierPart(c) {
                dotted.unicodeScalars.append(c)
                advance()
            }
        }
        return error(.dottedName(dotted: dotted, called: peek() == "("), at: start)
    }

    private mutating func lexSymbol(from start: SourceLocation) throws {
        let c = scalars[index]
        let two = peek(1).map { String(c) + String($0) }
        if let two, let symbol = Symbol(rawValue: two) {
            advance()
            advance()
            add(.symbol(symbol), from: start)
            return
        }
        guard let symbol = Symbol(rawValue: String(c)) else {
            advance()
            throw error(.unexpectedCharacter(c), at: start)
        }
        advance()
        try track(symbol, at: start)
        add(.symbol(symbol), from: start)
    }

    /// Keeps the bracket stack that decides whether a newline ends a statement.
    private mutating func track(_ symbol: Symbol, at start: SourceLocation) throws {
        switch symbol {
        case .leftParen, .leftBracket, .leftBrace:
            brackets.append(symbol)
        case .rightParen, .rightBracket, .rightBrace:
            let opener: Symbol = symbol == .rightParen ? .leftParen : symbol == .rightBracket ? .leftBracket : .leftBrace
            if brackets.last == opener {
                brackets.removeLast()
            } else if let open = brackets.last {
                throw error(.mismatchedCloser(closer: symbol.rawValue, open: open.rawValue), at: start)
            } else {
                throw error(.unmatchedCloser(closer: symbol.rawValue, opener: opener.rawValue), at: start)
            }
        default:
            break
        }
    }

    // MARK: - Strings

    private mutating func lexString(from start: SourceLocation) throws {
        advance()  // opening quote
        var parts: [StringPart] = []
        var text = ""
        while true {
            guard let c = peek(), c != "\n" else {
                throw error(.unterminatedString(afterBackslash: false), at: start)
            }
            let here = location
            advance()
            switch c {
            case "\"":
                if !text.isEmpty || parts.isEmpty { parts.append(.text(text)) }
                add(.string(parts), from: start)
                return
            case "\\":
                text.unicodeScalars.append(try escape(at: here))
            case "{" where peek() == "{", "}" where peek() == "}":
                advance()
                text.unicodeScalars.append(c)
            case "}":
                // A lone `}` can only be text, as after the escape in "\{x}".
                text.unicodeScalars.append(c)
            case "{":
                if !text.isEmpty { parts.append(.text(text)) }
                text = ""
                parts.append(try interpolation(openedAt: here))
            default:
                text.unicodeScalars.append(c)
            }
        }
    }

    private mutating func escape(at start: SourceLocation) throws -> Unicode.Scalar {
        guard let c = peek(), c != "\n" else { throw error(.unterminatedString(afterBackslash: true), at: start) }
        advance()
        switch c {
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "\"", "\\", "{", "}": return c
        default:
            throw error(.unknownEscape(c), at: start)
        }
    }

    /// Reads `{expression}` or `{expression:spec}`; the expression is parsed later, by the parser.
    private mutating func interpolation(openedAt open: SourceLocation) throws -> StringPart {
        let exprStart = location
        var source = ""
        var spec: String?
        var depth = 0
        var inString = false
        while true {
            guard let c = peek(), c != "\n" else {
                throw error(.unclosedInterpolation, at: open)
            }
            advance()
            if inString {
                if c == "\\", let next = peek(), next != "\n" { source.unicodeScalars.append(c); advance(); source.unicodeScalars.append(next); continue }
                if c == "\"" { inString = false }
            } else if c == "\"" {
                inString = true
            } else if c == "(" || c == "[" || c == "{" {
                depth += 1
            } else if (c == ")" || c == "]" || c == "}") && depth > 0 {
                depth -= 1
            } else if c == "}" {
                break
            } else if c == ":" && depth == 0 && spec == nil {
                spec = ""
                continue
            }
            if spec != nil { spec!.unicodeScalars.append(c) } else { source.unicodeScalars.append(c) }
        }
        if source.allSatisfy({ $0 == " " }) {
            throw error(.emptyInterpolation, at: open)
        }
        return .interpolation(source: source, start: exprStart, spec: spec)
    }
}
