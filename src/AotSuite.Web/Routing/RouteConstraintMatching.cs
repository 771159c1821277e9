using System.Buffers.Text;
using System.Text;

namespace AotSuite.Web.Routing;

internal static class RouteConstraintMatching
{
    public static bool Accepts(this RouteConstraint constraint, ReadOnlySpan<byte> segment) => constraint switch
    {
        RouteConstraint.None => true,
        RouteConstraint.Int => Utf8Parser.TryParse(segment, out int _, out var n) && n == segment.Length,
        RouteConstraint.Long => Utf8Parser.TryParse(segment, out long _, out var n) && n == segment.Length,
        RouteConstraint.Guid => Utf8Parser.TryParse(segment, out Guid _, out var n) && n == segment.Length,
        RouteConstraint.Double => Utf8Parser.TryParse(segment, out double _, out var n) && n == segment.Length,
        RouteConstraint.Bool => Ascii.EqualsIgnoreCase(segment, "true"u8) || Ascii.EqualsIgnoreCase(segment, "false"u8),
        RouteConstraint.Alpha => IsAlpha(segment),
        _ => false,
    };

    /// <summary>Tried first when two parameter segments compete: the narrower constraint wins.</summary>
    public static int Specificity(this RouteConstraint constraint) => constraint switch
    {
        RouteConstraint.None => 0,
        RouteConstraint.Alpha => 1,
        _ => 2,
    };

    private static bool IsAlpha(ReadOnlySpan<byte> segment)
    {
        foreach (var b in segment)
        {
            if ((uint)((b | 0x20) - 'a') > 'z' - 'a') return false;
        }
        return true;
    }
}
