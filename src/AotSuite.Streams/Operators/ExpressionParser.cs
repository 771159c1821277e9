namespace AotSuite.Streams.Operators;

/// <summary>Precedence climbing over the text of one expression: or &lt; and &lt; not &lt; comparison &lt; + - &lt; * / &lt; unary.</summary>
internal sealed class ExpressionParser(string text, IReadOnlyList<string> columns)
{
    private int pos;

    public Expression ParseAll()
    {
        var result = Or();
        Skip();
        if (pos < text.Length) throw Error($"expected an operator or the end, found '{text[pos..]}'");
        return result;
    }

    private Expression Or()
    {
        var left = And();
        while (Accept("or") || Accept("||")) left = new Expression.Binary("or", left, And(), text);
        return left;
    }

    private Expression And()
    {
        var left = NotExpr();
        while (Accept("and") || Accept("&&")) left = new Expression.Binary("and", left, NotExpr(), text);
        return left;
    }

    private Expression NotExpr()
    {
        if (Accept("not") || (Peek("!") && !Peek("!=") && Accept("!"))) return new Expression.Not(NotExpr());
        return Comparison();
    }

    private Expression Comparison()
    {
        var left = Sum();
        foreach (var op in (string[])["==", "!=", "<=", ">=", "<", ">", "="])
        {
            if (Accept(op)) return new Expression.Binary(op == "=" ? "==" : op, left, Sum(), text);
        }
        return left;
    }

    private Expression Sum()
    {
        var left = Product();
        while (true)
        {
            if (Accept("+")) left = new Expression.Binary("+", left, Product(), text);
            else if (Accept("-")) left = new Expression.Binary("-", left, Product(), text);
            else return left;
        }
    }

    private Expression Product()
    {
        var left = Unary();
        while (true)
        {
            if (Accept("*")) left = new Expression.Binary("*", left, Unary(), text);
            else if (Accept("/")) left = new Expression.Binary("/", left, Unary(), text);
            else return left;
        }
    }

    private Expression Unary()
    {
        if (Accept("-")) return new Expression.Negate(Unary(), text);
        return Primary();
    }

    private Expression Primary()
    {
        Skip();
        if (pos >= text.Length) throw Error("expected a column, a number or a 'string', found the end");
        var c = text[pos];
        if (c == '(')
        {
            pos++;
            var inner = Or();
            if (!Accept(")")) throw Error("expected ')'");
            return inner;
        }
        if (c is '\'' or '"')
        {
            var close = text.IndexOf(c, pos + 1);
            if (close < 0) throw Error($"expected a closing {c}");
            var value = text[(pos + 1)..close];
            pos = close + 1;
            return new Expression.Literal(value, quoted: true);
        }
        if (c == '`')
        {
            var close = text.IndexOf('`', pos + 1);
            if (close < 0) throw Error("expected a closing `");
            var name = text[(pos + 1)..close];
            pos = close + 1;
            return ColumnNamed(name, close);
        }
        var start = pos;
        if (char.IsAsciiDigit(c) || c == '.')
        {
            while (pos < text.Length && (char.IsAsciiDigit(text[pos]) || text[pos] is '.' or 'e' or 'E')) pos++;
            return new Expression.Literal(text[start..pos], quoted: false);
        }
        while (pos < text.Length && (char.IsLetterOrDigit(text[pos]) || text[pos] is '_' or '.' or '$')) pos++;
        if (pos == start) throw Error($"expected a column, a number or a 'string', found '{c}'");
        var word = text[start..pos];
        if (word is "true" or "false") return new Expression.Literal(word, quoted: true);
        return ColumnNamed(word, start);
    }

    private Expression.Column ColumnNamed(string name, int at)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], name, StringComparison.Ordinal)) return new Expression.Column(i, name);
        }
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], name, StringComparison.OrdinalIgnoreCase)) return new Expression.Column(i, name);
        }
        pos = at;
        throw Error($"no column '{name}' (columns: {string.Join(",", columns)})");
    }

    private void Skip()
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
    }

    private bool Peek(string token)
    {
        Skip();
        return string.CompareOrdinal(text, pos, token, 0, token.Length) == 0;
    }

    private bool Accept(string token)
    {
        if (!Peek(token)) return false;
        // Words must end at a word boundary: 'order' is a column, not 'or' + 'der'.
        var after = pos + token.Length;
        if (char.IsLetter(token[0]) && after < text.Length && (char.IsLetterOrDigit(text[after]) || text[after] == '_')) return false;
        // '<' must not eat the first half of '<='; the caller tries the longer operators first.
        pos = after;
        return true;
    }

    private ArgumentException Error(string problem) => new($"expression '{text}', column {pos + 1}: {problem}");
}
