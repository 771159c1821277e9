using System;
using System.Collections.Generic;
using System.Linq;

namespace AotSuite.Web.Routing;

/// <summary>One segment of a route template: a literal, a parameter (<c>{id}</c>, <c>{id:int}</c>, <c>{id?}</c>) or a catch-all (<c>{*path}</c>).</summary>
internal readonly record struct RouteSegment(RouteSegmentKind Kind, string Text, RouteConstraint Constraint = RouteConstraint.None, bool Optional = false);

internal enum RouteSegmentKind : byte
{
    Literal,
    Parameter,
    CatchAll,
}

/// <summary>
/// A parsed template such as <c>/users/{id:int}/posts/{*rest}</c>. The generator compiles this same file, so a template
/// fails at compile time (AOT1004) with the message it would fail with at run time (group prefixes are only known then).
/// Written for netstandard2.0 as well: no ranges, no spans.
/// </summary>
internal sealed class RouteTemplate
{
    private RouteTemplate(string text, RouteSegment[] segments)
    {
        Text = text;
        Segments = segments;
    }

    public string Text { get; }

    public RouteSegment[] Segments { get; }

    /// <summary>Parameter names in the order their values are captured.</summary>
    public IEnumerable<string> ParameterNames => Segments.Where(static s => s.Kind != RouteSegmentKind.Literal).Select(static s => s.Text);

    /// <summary>The template with parameter names erased: two routes with the same shape claim the same requests.</summary>
    public string Shape => "/" + string.Join("/", Segments.Select(static s => s.Kind switch
    {
        RouteSegmentKind.Literal => s.Text,
        RouteSegmentKind.CatchAll => "{*}",
        _ => "{:" + s.Constraint + (s.Optional ? "?" : "") + "}",
    }));

    public static RouteTemplate Parse(string text)
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        if (!text.StartsWith("/", StringComparison.Ordinal)) throw Invalid(text, "it must start with '/'");
        var parts = text.Length == 1 ? new string[0] : text.Substring(1).Split('/');
        var segments = new RouteSegment[parts.Length];
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var last = i == parts.Length - 1;
            if (!part.StartsWith("{", StringComparison.Ordinal))
            {
                if (part.IndexOf('{') >= 0 || part.IndexOf('}') >= 0) throw Invalid(text, $"segment '{part}' mixes text and a parameter; a parameter must be a whole segment");
                if (part.Length == 0 && !last) throw Invalid(text, "it has an empty segment ('//')");
                segments[i] = new RouteSegment(RouteSegmentKind.Literal, part);
                continue;
            }
            if (!part.EndsWith("}", StringComparison.Ordinal)) throw Invalid(text, $"segment '{part}' has no closing '}}'");
            var inner = part.Substring(1, part.Length - 2);
            var catchAll = inner.StartsWith("*", StringComparison.Ordinal);
            if (catchAll) inner = inner.Substring(1);
            var optional = inner.EndsWith("?", StringComparison.Ordinal);
            if (optional) inner = inner.Substring(0, inner.Length - 1);
            var colon = inner.IndexOf(':');
            var name = colon < 0 ? inner : inner.Substring(0, colon);
            var constraint = RouteConstraint.None;
            if (colon >= 0 && !RouteConstraintNames.TryParse(inner.Substring(colon + 1), out constraint))
                throw Invalid(text, $"constraint '{inner.Substring(colon + 1)}' of parameter '{name}' does not exist ({RouteConstraintNames.Known})");
            if (name.Length == 0 || !name.All(static c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_'))
                throw Invalid(text, $"parameter name '{name}' is not an identifier");
            if (!names.Add(name)) throw Invalid(text, $"parameter '{name}' appears twice");
            if ((catchAll || optional) && !last) throw Invalid(text, $"'{part}' may only be the last segment");
            segments[i] = new RouteSegment(catchAll ? RouteSegmentKind.CatchAll : RouteSegmentKind.Parameter, name, constraint, optional);
        }
        return new RouteTemplate(text, segments);
    }

    /// <summary>A group's prefix joined to a route: <c>/api</c> + <c>/users</c>, and <c>/api</c> + <c>/</c> = <c>/api</c>.</summary>
    public static string Join(string prefix, string pattern)
    {
        if (prefix.Length == 0) return pattern;
        var head = prefix.TrimEnd('/');
        return pattern == "/" ? (head.Length == 0 ? "/" : head) : head + pattern;
    }

    private static ArgumentException Invalid(string text, string why) => new($"route '{text}' is invalid: {why}");
}
