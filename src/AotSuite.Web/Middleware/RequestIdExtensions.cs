namespace AotSuite.Web;

public static class RequestIdExtensions
{
    /// <summary>The id <see cref="RequestId"/> gave this request; null when that middleware is not on its pipeline.</summary>
    public static string? RequestId(this WebContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.RequestIdSlot?.Text;
    }
}
