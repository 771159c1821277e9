using System.Globalization;

namespace AotSuite.Logging;

/// <summary>
/// The active file is the configured path (<c>logs/app.log</c>). Rotation renames it to
/// <c>app.&lt;yyyy-MM-dd&gt;.&lt;n&gt;.log</c>, the date being the UTC day its lines were written and <c>n</c> counting
/// up from 1 within that day, then starts an empty active file and deletes the oldest rotated files beyond the
/// retention count. Rotation happens between lines, never inside one: a batch that would cross the size limit is
/// split at the last newline that fits. Only the writer thread calls it.
/// </summary>
internal sealed class RollingFileDestination : ILogDestination
{
    private readonly string path;
    private readonly string directory;
    private readonly string stem;
    private readonly string extension;
    private readonly FileSinkOptions options;
    private readonly TimeProvider clock;
    private FileStream stream;
    private long size;
    private DateOnly day;

    public RollingFileDestination(string path, FileSinkOptions options, TimeProvider clock)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxFileBytes, nameof(options.MaxFileBytes));
        ArgumentOutOfRangeException.ThrowIfNegative(options.RetainedFiles, nameof(options.RetainedFiles));
        this.path = Path.GetFullPath(path);
        directory = Path.GetDirectoryName(this.path)!;
        stem = Path.GetFileNameWithoutExtension(this.path);
        extension = Path.GetExtension(this.path);
        this.options = options;
        this.clock = clock;
        Directory.CreateDirectory(directory);
        day = Today();
        // A file left by an earlier day belongs to that day: rotate it before appending today's lines.
        if (options.Daily && File.Exists(this.path) && new FileInfo(this.path).Length > 0)
        {
            var written = DateOnly.FromDateTime(File.GetLastWriteTimeUtc(this.path));
            if (written < day) RotateFile(written);
        }
        stream = Open();
    }

    public bool IsTerminal => false;

    public void Write(ReadOnlySpan<byte> lines)
    {
        if (options.Daily)
        {
            var today = Today();
            if (today != day)
            {
                if (size > 0) Rotate(day);
                day = today;
            }
        }
        while (lines.Length > 0)
        {
            var room = options.MaxFileBytes == 0 ? long.MaxValue : options.MaxFileBytes - size;
            if (lines.Length <= room)
            {
                WriteRaw(lines);
                return;
            }
            // Whole lines that fit; if not even one fits, rotate first, and a line longer than the limit gets a file alone.
            var fit = room > 0 ? lines[..(int)Math.Min(room, lines.Length)].LastIndexOf((byte)'\n') + 1 : 0;
            if (fit == 0 && size == 0) fit = lines.IndexOf((byte)'\n') + 1 is var end && end > 0 ? end : lines.Length;
            if (fit > 0) WriteRaw(lines[..fit]);
            lines = lines[fit..];
            if (lines.Length > 0) Rotate(day);
        }
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        stream.Write(bytes);
        size += bytes.Length;
    }

    public void Flush() => stream.Flush();

    public void Dispose() => stream.Dispose();

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    // bufferSize 0: each batch is one write(2), so what the writer thread has written is in the kernel at once.
    private FileStream Open()
    {
        var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        size = file.Length;
        return file;
    }

    private void Rotate(DateOnly of)
    {
        stream.Dispose();
        RotateFile(of);
        stream = Open();
    }

    private void RotateFile(DateOnly of)
    {
        var date = of.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // One past the highest number of that day, not the lowest free one: retention deletes the low numbers.
        var n = 1 + RotatedFiles().Select(file => RotationKey(Path.GetFileName(file))!.Value).Where(k => k.Date == of).Select(static k => k.N).DefaultIfEmpty(0).Max();
        File.Move(path, Path.Combine(directory, $"{stem}.{date}.{n}{extension}"));
        DeleteBeyondRetention();
    }

    /// <summary>Rotated files of this log, newest first.</summary>
    internal IEnumerable<string> RotatedFiles() =>
        Directory.EnumerateFiles(directory, $"{stem}.*{extension}")
            .Select(file => (file, key: RotationKey(Path.GetFileName(file))))
            .Where(static f => f.key is not null)
            .OrderByDescending(static f => f.key!.Value.Date).ThenByDescending(static f => f.key!.Value.N)
            .Select(static f => f.file);

    private (DateOnly Date, int N)? RotationKey(string name)
    {
        // stem.yyyy-MM-dd.n.ext
        if (!name.StartsWith(stem + ".", StringComparison.Ordinal) || !name.EndsWith(extension, StringComparison.Ordinal)) return null;
        var middle = name[(stem.Length + 1)..(name.Length - extension.Length)];
        var dot = middle.LastIndexOf('.');
        if (dot != 10) return null;
        if (!DateOnly.TryParseExact(middle[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return null;
        if (!int.TryParse(middle[11..], NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return null;
        return (date, n);
    }

    private void DeleteBeyondRetention()
    {
        foreach (var old in RotatedFiles().Skip(options.RetainedFiles)) File.Delete(old);
    }
}
