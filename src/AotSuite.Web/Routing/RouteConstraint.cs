namespace AotSuite.Web.Routing;

/// <summary>
/// What a <c>{name:constraint}</c> segment accepts; a segment that fails it does not match, so routing goes on (404,
/// not 400). This file is also compiled into the generator, which checks templates with the same rules.
/// </summary>
internal enum RouteConstraint : byte
{
    None,
    Int,
    Long,
    Guid,
    Bool,
    Double,
    Alpha,
}

internal static class RouteConstraintNames
{
    public const string Known = "int, long, guid, bool, double, alpha";

    public static bool TryParse(string name, out RouteConstraint constraint)
    {
        switch (name)
        {
            case "int": constraint = RouteConstraint.Int; return true;
            case "long": constraint = RouteConstraint.Long; return true;
            case "guid": constraint = RouteConstraint.Guid; return true;
            case "bool": constraint = RouteConstraint.Bool; return true;
            case "double": constraint = RouteConstraint.Double; return true;
            case "alpha": constraint = RouteConstraint.Alpha; return true;
            default: constraint = RouteConstraint.None; return false;
        }
    }
}
