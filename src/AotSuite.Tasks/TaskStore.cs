using AotSuite.Json;
using AotSuite.Native;

namespace AotSuite.Tasks;

/// <summary>
/// The task file. Reads need no lock (the file is only ever replaced whole, by rename); every change is a
/// read-modify-write under an exclusive OS lock on <c>tasks.json.lock</c>, so concurrent processes never lose an update.
/// Before each replace the previous good file is kept as <c>tasks.json.bak</c>.
/// </summary>
public sealed partial class TaskStore(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public string BackupPath => Path + ".bak";

    /// <summary><c>TASK_FILE</c> if set, else <c>$XDG_DATA_HOME/aotsuite/tasks.json</c> (XDG default <c>~/.local/share</c>).</summary>
    public static string DefaultPath(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment("TASK_FILE") is { Length: > 0 } file) return file;
        var data = environment("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : System.IO.Path.Combine(environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return System.IO.Path.Combine(data, "aotsuite", "tasks.json");
    }

    /// <summary>The current tasks; an empty document when the file does not exist yet.</summary>
    public TaskDocument Load() => ReadBytes() is { } bytes ? Parse(bytes) : new TaskDocument();

    private byte[]? ReadBytes()
    {
        try
        {
            // Uninitialized: File.ReadAllBytes zeroes the array first, and on a short-lived CLI touching fresh pages
            // twice was a visible share of a 1,000-task listing (perf: GC memset + page faults).
            using var handle = File.OpenHandle(Path);
            var length = RandomAccess.GetLength(handle);
            if (length > Array.MaxLength) throw new TaskStoreException($"{Path}: {length} bytes is too large for a task store");
            var bytes = GC.AllocateUninitializedArray<byte>((int)length);
            var read = 0;
            while (read < bytes.Length)
            {
                var n = RandomAccess.Read(handle, bytes.AsSpan(read), read);
                if (n == 0) return bytes[..read]; // shrank while we read: parse what is there; a torn read cannot happen (rename)
                read += n;
            }
            return bytes;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Runs <paramref name="change"/> on the current document under the lock and saves the result.</summary>
    public T Update<T>(Func<TaskDocument, T> change)
    {
        using var _ = AcquireLock();
        var previous = ReadBytes();
        var document = previous is null ? new TaskDocument() : Parse(previous);
        var result = change(document);
        Save(document, previous);
        return result;
    }

    public TaskItem Add(string title, TaskPriority priority = TaskPriority.Medium, DateOnly? due = null,
        IReadOnlyList<string>? tags = null, DateTimeOffset? now = null)
    {
        title = RequireTitle(title);
        return Update(document =>
        {
            var task = new TaskItem
            {
                Id = document.NextId++,
                Title = title,
                Priority = priority,
                Due = due,
                Tags = NormalizeTags(tags ?? []),
                CreatedAt = now ?? DateTimeOffset.UtcNow,
            };
            document.Tasks.Add(task);
            return task;
        });
    }

    public TaskItem Complete(int id, DateTimeOffset? now = null) =>
        Replace(id, task => task.Done ? task : task with { Done = true, CompletedAt = now ?? DateTimeOffset.UtcNow });

    public TaskItem Uncomplete(int id) => Replace(id, static task => task with { Done = false, CompletedAt = null });

    public TaskItem Edit(int id, TaskChanges changes)
    {
        var title = changes.Title is null ? null : RequireTitle(changes.Title);
        return Replace(id, task =>
        {
            var tags = task.Tags.Concat(changes.AddTags ?? []).Except(changes.RemoveTags ?? [], StringComparer.Ordinal).ToList();
            return task with
            {
                Title = title ?? task.Title,
                Priority = changes.Priority ?? task.Priority,
                Due = changes.ClearDue ? null : changes.Due ?? task.Due,
                Tags = NormalizeTags(tags),
            };
        });
    }

    public TaskItem Delete(int id) => Update(document =>
    {
        var index = document.IndexOf(id);
        var task = document.Tasks[index];
        document.Tasks.RemoveAt(index);
        return task;
    });

    /// <summary>Removes every done task; returns how many went.</summary>
    public int ClearDone() => Update(static document => document.Tasks.RemoveAll(static t => t.Done));

    private TaskItem Replace(int id, Func<TaskItem, TaskItem> change) => Update(document =>
    {
        var index = document.IndexOf(id);
        return document.Tasks[index] = change(document.Tasks[index]);
    });

    private TaskDocument Parse(byte[] bytes)
    {
        TaskDocument document;
        try
        {
            document = JsonModel.Deserialize<TaskDocument>(bytes, Path);
        }
        catch (JsonModelException e)
        {
            throw new TaskStoreException($"{e.Message}; the file was left untouched{BackupHint()}", e);
        }
        if (document.Version > TaskDocument.CurrentVersion)
        {
            throw new TaskStoreException($"{Path}: written by a newer version (format {document.Version}, this one reads up to {TaskDocument.CurrentVersion}); upgrade the task tool");
        }
        return document;
    }

    private string BackupHint() =>
        File.Exists(BackupPath) ? $"; the previous good copy is {BackupPath}" : "";

    private void Save(TaskDocument document, byte[]? previous)
    {
        document.Version = TaskDocument.CurrentVersion;
        var bytes = JsonModel.SerializeToUtf8Bytes(document, indented: true);
        // The previous bytes parsed a moment ago under this same lock, so they are a good copy to keep. They are
        // replaced the same durable way as the store: a copy in place (File.Copy) left a torn backup when killed.
        if (previous is not null) DurableFile.Replace(BackupPath, previous);
        DurableFile.Replace(Path, bytes);
    }

    private static string RequireTitle(string title) =>
        string.IsNullOrWhiteSpace(title) ? throw new ArgumentException("a task needs a title", nameof(title)) : title.Trim();

    private static List<string> NormalizeTags(IEnumerable<string> tags) =>
        tags.Select(static t => t.Trim().TrimStart('+')).Where(static t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
}
