using AotSuite.Web;

namespace AotSuite.Tools.Jobq.Dashboard;

/// <summary>The dashboard's JSON endpoints under /api; the page (wwwroot, embedded) polls them.</summary>
internal static class DashboardApi
{
    public static void Map(WebApp app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/queues", (JobqDashboard dashboard) => dashboard.QueuesAsync());
        api.MapGet("/failures", (JobqDashboard dashboard, string? queue = null, int limit = 20) => dashboard.FailuresAsync(queue, limit));
        api.MapPost("/jobs/{id:long}/retry", (long id, JobqDashboard dashboard) => dashboard.RetryAsync(id));
    }
}
