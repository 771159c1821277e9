using System.Text;
using System.Text.Json;

namespace AotSuite.AotSmokeTests;

/// <summary>
/// The store format, written and checked independently of the tool's own code:
/// <c>{"version":1,"nextId":N,"tasks":[{"id","title","done","priority","due","tags","createdAt","completedAt"}, ...]}</c>.
/// </summary>
internal static class TaskStoreJson
{
    /// <summary>A store with tasks 1..<paramref name="count"/>, the way the tool itself would have written them.</summary>
    public static byte[] WithTasks(int count)
    {
        var json = new StringBuilder(count * 260);
        json.Append("{\n  \"version\": 1,\n  \"nextId\": ").Append(count + 1).Append(",\n  \"tasks\": [");
        for (var id = 1; id <= count; id++)
        {
            var priority = (id % 3) switch { 0 => "low", 1 => "medium", _ => "high" };
            var due = id % 4 == 0 ? $"\"2030-{1 + id % 12:00}-{1 + id % 28:00}\"" : "null";
            var done = id % 5 == 0;
            json.Append(id == 1 ? "\n" : ",\n")
                .Append("    {\n")
                .Append("      \"id\": ").Append(id).Append(",\n")
                .Append("      \"title\": \"Prefilled task number ").Append(id).Append("\",\n")
                .Append("      \"done\": ").Append(done ? "true" : "false").Append(",\n")
                .Append("      \"priority\": \"").Append(priority).Append("\",\n")
                .Append("      \"due\": ").Append(due).Append(",\n")
                .Append("      \"tags\": [\"bulk\", \"t").Append(id % 7).Append("\"],\n")
                .Append("      \"createdAt\": \"2026-01-01T00:00:00+00:00\",\n")
                .Append("      \"completedAt\": ").Append(done ? "\"2026-01-02T00:00:00+00:00\"" : "null").Append('\n')
                .Append("    }");
        }
        json.Append("\n  ]\n}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    /// <summary>The first way <paramref name="bytes"/> is not a well-formed store, or null when it is one.</summary>
    public static string? ShapeProblem(byte[] bytes, out int taskCount)
    {
        taskCount = -1;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            return $"not JSON ({bytes.Length} bytes): {e.Message}";
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return $"root is {root.ValueKind}, not an object";
            if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != 1)
                return "$.version is not 1";
            if (!root.TryGetProperty("nextId", out var nextIdElement) || nextIdElement.ValueKind != JsonValueKind.Number)
                return "$.nextId is not a number";
            if (!root.TryGetProperty("tasks", out var tasks) || tasks.ValueKind != JsonValueKind.Array) return "$.tasks is not an array";
            var nextId = nextIdElement.GetInt32();
            var ids = new HashSet<int>();
            var index = 0;
            foreach (var task in tasks.EnumerateArray())
            {
                var at = $"$.tasks[{index++}]";
                if (task.ValueKind != JsonValueKind.Object) return $"{at} is not an object";
                if (Kind(task, "id") != JsonValueKind.Number) return $"{at}.id is not a number";
                if (Kind(task, "title") != JsonValueKind.String) return $"{at}.title is not a string";
                if (Kind(task, "done") is not (JsonValueKind.True or JsonValueKind.False)) return $"{at}.done is not a bool";
                if (Kind(task, "priority") != JsonValueKind.String) return $"{at}.priority is not a string";
                if (Kind(task, "tags") != JsonValueKind.Array) return $"{at}.tags is not an array";
                if (Kind(task, "createdAt") != JsonValueKind.String) return $"{at}.createdAt is not a string";
                var id = task.GetProperty("id").GetInt32();
                if (!ids.Add(id)) return $"{at}.id {id} appears twice";
                if (id < 1 || id >= nextId) return $"{at}.id {id} is outside 1..nextId-1 (nextId {nextId})";
            }
            taskCount = ids.Count;
            return null;
        }
    }

    private static JsonValueKind Kind(JsonElement task, string name) =>
        task.TryGetProperty(name, out var value) ? value.ValueKind : JsonValueKind.Undefined;
}
