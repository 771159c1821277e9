using System.Globalization;
using System.Text;

/// <summary>
/// The CSV every CSV benchmark reads (peers script and BenchmarkDotNet): a fixed seed gives the same bytes every run.
/// </summary>
public static class BenchmarkCsv
{
    // 10 columns: ints, decimals, plain text, and quoted strings with commas, escaped quotes and line breaks.
    public static void Generate(string path, long bytes, int seed)
    {
        using var output = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        Write(output, bytes, seed);
    }

    /// <summary>Writes about <paramref name="bytes"/> of the benchmark CSV, the same bytes for the same seed.</summary>
    public static void Write(TextWriter output, long bytes, int seed)
    {
        var random = new Random(seed);
        string[] words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima"];
        string[] cities = ["Lisbon", "Oslo", "Lagos", "Lima", "Osaka", "Perth", "Quito", "Accra"];
        output.Write("id,customer,city,qty,price,discount,comment,code,ratio,note\n");
        var line = new StringBuilder();
        long written = 0;
        for (long id = 1; written < bytes; id++)
        {
            line.Clear();
            line.Append(CultureInfo.InvariantCulture, $"{id},\"{words[random.Next(words.Length)]}, {words[random.Next(words.Length)]}\",{cities[random.Next(cities.Length)]},");
            line.Append(CultureInfo.InvariantCulture, $"{random.Next(1, 500)},{random.Next(0, 100000) / 100m},{random.Next(0, 50) / 100m},");
            line.Append('"');
            var n = random.Next(2, 9);
            for (var w = 0; w < n; w++)
            {
                if (w > 0) line.Append(random.Next(10) == 0 ? "\n" : " ");
                var word = words[random.Next(words.Length)];
                line.Append(random.Next(6) == 0 ? $"\"\"{word}\"\"" : word);
            }
            line.Append("\",");
            line.Append(CultureInfo.InvariantCulture, $"{random.Next()},{random.NextDouble():0.00000},\"{words[random.Next(words.Length)]}\"\n");
            output.Write(line);
            written += line.Length;
        }
    }
}
