using AotSuite.Json;

namespace AotSuite.Tasks;

/// <summary>The whole store file: a format version, the next id to hand out, and the tasks in id order.</summary>
[JsonModel]
public sealed partial class TaskDocument
{
    /// <summary>The format this code writes; a file with a higher version is refused rather than rewritten.</summary>
    public const int CurrentVersion = 1;

    public int Version { get; set; } = CurrentVersion;

    public int NextId { get; set; } = 1;

    public List<TaskItem> Tasks { get; set; } = [];

    internal int IndexOf(int id)
    {
        var index = Tasks.FindIndex(t => t.Id == id);
        return index >= 0 ? index : throw new TaskNotFoundException(id);
    }
}
