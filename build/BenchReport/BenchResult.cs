using System.Globalization;

namespace AotSuite.Build.BenchReport;

internal enum Role { Ours, Peer, Skipped }

/// <summary>One measured value (or one skipped subject) of a suite: a line of results.tsv.</summary>
internal sealed record BenchResult(string Suite, string Metric, bool HigherIsBetter, Role Role, string Subject, double Value, string Unit, string Note)
{
    private const int Fields = 8;

    /// <summary>Reads results.tsv; a malformed line is an error that names the file, the line and what is wrong.</summary>
    public static List<BenchResult> ReadTsv(string path)
    {
        var results = new List<BenchResult>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var f = line.Split('\t');
            if (f.Length != Fields) throw Bad(path, number, $"expected {Fields} tab-separated fields (suite, metric, better, role, subject, value, unit, note), got {f.Length}");
            var role = f[3] switch
            {
                "ours" => Role.Ours,
                "peer" => Role.Peer,
                "skipped" => Role.Skipped,
                _ => throw Bad(path, number, $"role '{f[3]}' is not ours, peer or skipped"),
            };
            if (role == Role.Skipped)
            {
                results.Add(new BenchResult(f[0], f[1], true, role, f[4], double.NaN, "", f[7]));
                continue;
            }
            var higher = f[2] switch
            {
                "higher" => true,
                "lower" => false,
                _ => throw Bad(path, number, $"better '{f[2]}' is not higher or lower"),
            };
            // A script that could not measure a subject leaves its value empty: that is a skip with the script's note.
            if (!double.TryParse(f[5], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0)
            {
                results.Add(new BenchResult(f[0], f[1], higher, Role.Skipped, f[4], double.NaN, f[6],
                    f[7].Length > 0 ? f[7] : $"no value measured ('{f[5]}')"));
                continue;
            }
            results.Add(new BenchResult(f[0], f[1], higher, role, f[4], value, f[6], f[7]));
        }
        return results;
    }

    private static FormatException Bad(string path, int line, string what) => new($"{path}:{line}: {what}");
}
