using System.Buffers;
using AotSuite.Cli;
using AotSuite.Json;
using AotSuite.Tasks;

namespace AotSuite.Tools.Task;

/// <summary>How tasks look on the terminal: an aligned table with ✓ marks, or JSON for scripts.</summary>
internal static class TaskPrinter
{
    public static void Table(CliOutput output, IReadOnlyList<TaskItem> tasks, DateOnly today)
    {
        if (tasks.Count == 0)
        {
            output.WriteLine("No tasks.");
            return;
        }

        var table = new CliTable(">ID", "S", "PRI", "DUE", "TITLE", "TAGS");
        var done = 0;
        foreach (var task in tasks)
        {
            if (task.Done) done++;
            var priority = task.Priority switch { TaskPriority.High => "high", TaskPriority.Low => "low", _ => "medium" };
            var due = task.Due?.ToString("yyyy-MM-dd") ?? "";
            table.Add(
                task.Id.ToString(),
                task.Done ? output.Green("✓") : "·",
                task.Priority == TaskPriority.High ? output.Red(priority) : priority,
                task.IsOverdue(today) ? output.Yellow(due) : due,
                task.Title,
                string.Join(',', task.Tags));
        }
        table.Write(output.Writer, output.Bold);
        output.WriteLine();
        output.WriteLine($"{tasks.Count} tasks, {done} done, {tasks.Count - done} pending");
    }

    public static void Json(TextWriter writer, IEnumerable<TaskItem> tasks)
    {
        var buffer = new ArrayBufferWriter<byte>();
        JsonModel.SerializeArray(buffer, tasks, indented: true);
        writer.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    public static void Json(TextWriter writer, TaskItem task)
    {
        writer.WriteLine(System.Text.Encoding.UTF8.GetString(JsonModel.SerializeToUtf8Bytes(task, indented: true)));
    }
}
