using AotSuite.Tasks;
using AotSuite.Web;

namespace AotSuite.Examples.TaskBoard;

/// <summary>The REST API over <see cref="TaskStore"/>: the same file the <c>task</c> CLI reads and writes.</summary>
internal static class TaskApi
{
    public static void Map(WebApp app)
    {
        var api = app.MapGroup("/api");
        api.Use(StoreErrors);
        api.MapGet("/tasks", (TaskStore store, string? show = null) => List(store, show));
        api.MapGet("/tasks/{id:int}", (int id, TaskStore store) => store.Load().Tasks.FirstOrDefault(t => t.Id == id));
        api.MapPost("/tasks", (NewTask body, TaskStore store) =>
        {
            var task = store.Add(body.Title, body.Priority, body.Due, body.Tags);
            return Results.Created($"/api/tasks/{task.Id}", task);
        });
        api.MapPost("/tasks/{id:int}/complete", (int id, TaskStore store) => store.Complete(id));
        api.MapPost("/tasks/{id:int}/uncomplete", (int id, TaskStore store) => store.Uncomplete(id));
        api.MapDelete("/tasks/{id:int}", (int id, TaskStore store) =>
        {
            store.Delete(id);
            return Results.NoContent();
        });
        api.MapGet("/stats", (TaskStore store) => StatsView.Of(TaskStats.Of(store.Load().Tasks, DateOnly.FromDateTime(DateTime.Now))));
    }

    private static List<TaskItem> List(TaskStore store, string? show) => show switch
    {
        null or "all" => TaskFilter.All.Apply(store.Load().Tasks),
        "pending" => new TaskFilter(PendingOnly: true).Apply(store.Load().Tasks),
        "done" => new TaskFilter(DoneOnly: true).Apply(store.Load().Tasks),
        _ => throw new AotSuite.Web.Binding.BadRequestException($"'show' must be all, pending or done; got '{show}'", "show"),
    };

    /// <summary>The store's own errors as answers: an unknown id is 404, a rejected title 400.</summary>
    private static async ValueTask StoreErrors(WebContext context, Next next)
    {
        try
        {
            await next();
        }
        catch (TaskNotFoundException e)
        {
            context.Response.Clear();
            context.WriteProblem(404, e.Message);
        }
        catch (ArgumentException e)
        {
            context.Response.Clear();
            context.WriteProblem(400, e.Message);
        }
    }
}
