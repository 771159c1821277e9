using System.Globalization;
using System.Text;
using AotSuite.Streams.Records;

namespace AotSuite.Streams.Operators;

/// <summary>
/// The small expression language of <c>--where</c> and <c>--derive</c>: column names, numbers, 'strings', arithmetic
/// (<c>+ - * /</c>), comparisons (<c>== != &lt; &lt;= &gt; &gt;=</c>, also <c>=</c>), <c>and</c>/<c>or</c>/<c>not</c>
/// (or <c>&amp;&amp; || !</c>) and parentheses. Two values compare as numbers when both read as numbers, else as
/// UTF-8 text. Arithmetic is decimal, so money adds up exactly. Compiled once; evaluating a row allocates nothing.
/// </summary>
public abstract class Expression
{
    internal abstract Value Evaluate(Record record);

    /// <summary>True when the expression holds for <paramref name="record"/> (a non-zero number, non-empty text).</summary>
    public bool IsTrue(Record record) => Evaluate(record).Truthy;

    /// <summary>Appends the value for <paramref name="record"/> to <paramref name="output"/>.</summary>
    public void AppendTo(Record record, Record output)
    {
        var value = Evaluate(record);
        switch (value.Kind)
        {
            case ValueType.Number:
                output.AddFormatted(value.Number, ValueKind.Number);
                break;
            case ValueType.Bool:
                output.Add(value.Bool ? "true"u8 : "false"u8, value.Bool ? ValueKind.True : ValueKind.False);
                break;
            default:
                output.Add(value.Text, ValueKind.Text);
                break;
        }
    }

    /// <summary>Compiles <paramref name="text"/> against <paramref name="columns"/>; errors name the position and what was expected.</summary>
    public static Expression Parse(string text, IReadOnlyList<string> columns) => new ExpressionParser(text, columns).ParseAll();

    internal enum ValueType : byte { Text, Number, Bool }

    internal readonly ref struct Value
    {
        public readonly ValueType Kind;
        public readonly decimal Number;
        public readonly bool Bool;
        public readonly ReadOnlySpan<byte> Text;

        public Value(decimal number) { Kind = ValueType.Number; Number = number; }

        public Value(bool value) { Kind = ValueType.Bool; Bool = value; }

        public Value(ReadOnlySpan<byte> text) { Kind = ValueType.Text; Text = text; }

        public bool Truthy => Kind switch
        {
            ValueType.Bool => Bool,
            ValueType.Number => Number != 0,
            _ => !Text.IsEmpty && !Text.SequenceEqual("false"u8) && !Text.SequenceEqual("0"u8),
        };

        public bool TryNumber(out decimal number)
        {
            if (Kind == ValueType.Number) { number = Number; return true; }
            if (Kind == ValueType.Text) return decimal.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
            number = 0;
            return false;
        }
    }

    internal sealed class Column(int index, string name) : Expression
    {
        public string Name => name;

        internal override Value Evaluate(Record record) => new(index < record.Count ? record[index] : default);
    }

    internal sealed class Literal : Expression
    {
        private readonly byte[] text;
        private readonly decimal number;
        private readonly bool isNumber;

        public Literal(string value, bool quoted)
        {
            text = Encoding.UTF8.GetBytes(value);
            isNumber = !quoted && decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
        }

        internal override Value Evaluate(Record record) => isNumber ? new Value(number) : new Value(text);
    }

    internal sealed class Not(Expression operand) : Expression
    {
        internal override Value Evaluate(Record record) => new(!operand.Evaluate(record).Truthy);
    }

    internal sealed class Negate(Expression operand, string where) : Expression
    {
        internal override Value Evaluate(Record record)
        {
            var value = operand.Evaluate(record);
            if (!value.TryNumber(out var n)) throw NotANumber(record, where, value);
            return new Value(-n);
        }
    }

    internal sealed class Binary(string op, Expression left, Expression right, string where) : Expression
    {
        internal override Value Evaluate(Record record)
        {
            switch (op)
            {
                case "and":
                    return new Value(left.Evaluate(record).Truthy && right.Evaluate(record).Truthy);
                case "or":
                    return new Value(left.Evaluate(record).Truthy || right.Evaluate(record).Truthy);
            }
            var a = left.Evaluate(record);
            var b = right.Evaluate(record);
            if (op is "+" or "-" or "*" or "/")
            {
                if (!a.TryNumber(out var x)) throw NotANumber(record, where, a);
                if (!b.TryNumber(out var y)) throw NotANumber(record, where, b);
                if (op == "/" && y == 0) throw new DataFormatException(record.File, record.Line, 1, record.Row, $"division by zero in '{where}'");
                return new Value(op switch { "+" => x + y, "-" => x - y, "*" => x * y, _ => x / y });
            }
            int order;
            if (a.TryNumber(out var m) && b.TryNumber(out var n)) order = m.CompareTo(n);
            else if (a.Kind == ValueType.Text && b.Kind == ValueType.Text) order = a.Text.SequenceCompareTo(b.Text);
            else if (op is "==" or "!=") order = a.Truthy == b.Truthy && a.Kind == b.Kind ? 0 : 1;
            else return new Value(false); // an empty or non-numeric value never orders against a number
            return new Value(op switch
            {
                "==" => order == 0,
                "!=" => order != 0,
                "<" => order < 0,
                "<=" => order <= 0,
                ">" => order > 0,
                _ => order >= 0,
            });
        }
    }

    private static DataFormatException NotANumber(Record record, string where, Value value) =>
        new(record.File, record.Line, 1, record.Row, $"'{where}': expected a number, found '{Encoding.UTF8.GetString(value.Text)}'");
}
