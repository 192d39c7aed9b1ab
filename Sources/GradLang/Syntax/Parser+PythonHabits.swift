/// Python habits that Grad spells differently. Each check runs only where the parser is
/// about to report a syntax error, and returns an error that shows the Grad way instead
/// (nil when the tokens do not look like the habit). grammar.md §10 lists them.
extension Parser {
    /// `descend(f, p, lr = 0.1)`: Python's `=` for a named argument.
    func namedArgumentWithEqual(_ argument: Expr) -> GradError? {
        guard check(.equal), case .name(let name) = argument.kind else { return nil }
        let value = textOfExpression(after: 1) ?? "..."
        return error(.namedArgumentWithEqual(name: name, value: value))
    }

    /// `grad(f, (1, 2))`: a comma inside parentheses, where Python makes a tuple.
    func tupleInParentheses(opener: Token) -> GradError? {
        // `(x, 1) -> x` is a lambda with a wrong parameter, reported as such.
        guard check(.comma), let close = closingParen(from: position),
              tokens[close + 1].kind != .symbol(.arrow) else { return nil }
        let inside = opener.range.through(tokens[close].range).text.dropFirst().dropLast()
        return error(.tuple(inside: String(inside)))
    }

    /// `for px, py in pts`: Python unpacks each element into several variables.
    func severalLoopVariables() -> GradError? {
        guard check(.comma) else { return nil }
        var ahead = self
        var count = 1
        while ahead.match(.comma), case .identifier = ahead.current.kind {
            ahead.advance()
            count += 1
        }
        guard ahead.match(Keyword.in), let sequence = try? ahead.expression() else { return nil }
        return error(.severalLoopVariables(count: count, sequence: sequence.range.text))
    }

    /// `def f(x):`
    func pythonDefinition() -> GradError? {
        guard case .identifier("def") = current.kind, case .identifier = peekKind(1),
              peekKind(2) == .symbol(.leftParen), let close = closingParen(from: position + 3) else { return nil }
        let head = tokens[position + 1].range.through(tokens[close].range).text
        return error(.pythonDefinition(head: head))
    }

    /// `lambda x: x^2`
    func pythonLambda() -> GradError? {
        guard case .identifier("lambda") = current.kind else { return nil }
        var offset = 1
        var names: [String] = []
        while case .identifier(let name) = peekKind(offset) {
            names.append(name)
            offset += 1
            guard peekKind(offset) == .symbol(.comma) else { break }
            offset += 1
        }
        guard !names.isEmpty, peekKind(offset) == .symbol(.colon) else { return nil }
        let body = textOfExpression(after: offset + 1) ?? "..."
        return error(.pythonLambda(parameters: names, body: body))
    }

    /// `if x = 3 {`: an assignment where a comparison belongs.
    func assignmentInCondition(_ condition: Expr, after construct: String) -> GradError? {
        guard check(.equal) else { return nil }
        let right = textOfExpression(after: 1) ?? "..."
        return error(.assignmentInCondition(construct: construct, condition: condition.range.text, right: right))
    }

    /// `g = x, y -> x*y`: a lambda's parameters without their parentheses.
    func unparenthesizedParameters(_ first: Expr) -> GradError? {
        guard check(.comma), case .name(let name) = first.kind else { return nil }
        var names = [name]
        var offset = 0
        while peekKind(offset) == .symbol(.comma), case .identifier(let next) = peekKind(offset + 1) {
            names.append(next)
            offset += 2
        }
        guard names.count > 1, peekKind(offset) == .symbol(.arrow) else { return nil }
        let body = textOfExpression(after: offset + 1) ?? "..."
        return error(.unparenthesizedParameters(parameters: names, body: body))
    }

    // MARK: - Looking ahead

    /// The source text of the expression that starts `offset` tokens ahead, if one parses there.
    private func textOfExpression(after offset: Int) -> String? {
        var ahead = self
        for _ in 0..<offset { ahead.advance() }
        return (try? ahead.expression())?.range.text
    }

    /// The index of the `)` that closes a `(` already open when the scan starts at token
    /// `start`; never the last token, which is the end of the input.
    private func closingParen(from start: Int) -> Int? {
        var depth = 1
        for index in min(start, tokens.count - 1)..<tokens.count {
            switch tokens[index].kind {
            case .symbol(.leftParen), .symbol(.leftBracket), .symbol(.leftBrace): depth += 1
            case .symbol(.rightParen), .symbol(.rightBracket), .symbol(.rightBrace): depth -= 1
            case .end: return nil
            default: break
            }
            if depth == 0 { return tokens[index].kind == .symbol(.rightParen) ? index : nil }
        }
        return nil
    }
}
