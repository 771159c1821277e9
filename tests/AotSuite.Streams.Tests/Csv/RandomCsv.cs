using System.Text;

namespace AotSuite.Streams.Tests.Csv;

/// <summary>
/// Random CSV text from a seed: quoted fields with delimiters, doubled quotes and every kind of line break, quotes inside
/// unquoted fields, blank lines, long fields that cross the reader's 64-byte blocks, CR/LF/CRLF row ends, an optional
/// BOM and final line break.
/// </summary>
internal static class RandomCsv
{
    private static readonly string[] Words = ["alpha", "bravo", "42", "-7.25", "", "x", "Zoë", "naïve café"];

    /// <param name="brokenRow">A row whose one quoted field is followed by a stray 'z' (malformed); -1 for none.</param>
    public static string Generate(Random random, char delimiter, int rows, int columns, int brokenRow = -1)
    {
        var text = new StringBuilder();
        if (random.Next(8) == 0) text.Append('\uFEFF');
        var brokenColumn = random.Next(columns);
        for (var r = 0; r < rows; r++)
        {
            if (random.Next(12) == 0) text.Append(LineEnd(random));
            for (var c = 0; c < columns; c++)
            {
                if (c > 0) text.Append(delimiter);
                text.Append(r == brokenRow && c == brokenColumn ? "\"a \"\"b\"\"\"z" : Field(random, delimiter, mustShow: columns == 1));
            }
            if (r < rows - 1 || random.Next(2) == 0) text.Append(LineEnd(random));
        }
        return text.ToString();
    }

    private static string LineEnd(Random random) => random.Next(6) switch
    {
        0 => "\r\n",
        1 => "\r",
        _ => "\n",
    };

    private static string Field(Random random, char delimiter, bool mustShow)
    {
        switch (random.Next(10))
        {
            case 0:
            case 1:
            {
                // Quoted, with any of the structural characters inside.
                var value = new StringBuilder("\"");
                var parts = random.Next(0, 6);
                for (var p = 0; p < parts; p++)
                {
                    value.Append(random.Next(7) switch
                    {
                        0 => "\"\"",
                        1 => delimiter.ToString(),
                        2 => LineEnd(random),
                        3 => "\r\r\n",
                        _ => Words[random.Next(Words.Length)],
                    });
                }
                return value.Append('"').ToString();
            }
            case 2:
                // A quote inside an unquoted field is data.
                return "in" + "\"" + Words[random.Next(Words.Length)];
            case 3:
                return random.Next(2) == 0
                    ? new string((char)('a' + random.Next(26)), random.Next(60, 200))
                    : "\"" + string.Join("\"\"", Enumerable.Range(0, random.Next(2, 12)).Select(_ => new string('q', random.Next(0, 30)))) + "\"";
            case 4:
                return mustShow ? "\"\"" : "";
            default:
                var word = Words[random.Next(Words.Length)];
                return word.Length == 0 && mustShow ? "\"\"" : word;
        }
    }
}
