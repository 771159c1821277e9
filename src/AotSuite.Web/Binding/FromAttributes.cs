namespace AotSuite.Web;

/// <summary>Binds the parameter from the route template (the default when the template names it).</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromRouteAttribute : Attribute
{
    public string? Name { get; init; }
}

/// <summary>Binds the parameter from the query string (the default for a simple type the template does not name).</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromQueryAttribute : Attribute
{
    public string? Name { get; init; }
}

/// <summary>Binds the parameter from a request header field, by default the one named like the parameter.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromHeaderAttribute : Attribute
{
    public string? Name { get; init; }
}

/// <summary>Binds the parameter from the JSON body (the default for the first JSON model of a POST, PUT or PATCH).</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromBodyAttribute : Attribute;

/// <summary>Binds the parameter from <see cref="WebApp.Services"/> (the default for other classes and interfaces).</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromServicesAttribute : Attribute;
