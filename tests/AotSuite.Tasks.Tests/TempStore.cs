namespace AotSuite.Tasks.Tests;

/// <summary>A task store in its own temp folder, deleted with the test.</summary>
internal sealed class TempStore : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("aotsuite-tasks-");

    public TempStore() => Store = new TaskStore(Path.Combine(directory.FullName, "tasks.json"));

    public TaskStore Store { get; }

    public void Dispose() => directory.Delete(recursive: true);
}
