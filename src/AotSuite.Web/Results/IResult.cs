namespace AotSuite.Web;

/// <summary>A handler's answer that writes itself: status, headers and body (see <see cref="Results"/>).</summary>
public interface IResult
{
    void Execute(WebContext context);
}
