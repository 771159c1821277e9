using System.Net;
using AotSuite.Json;
using Microsoft.Extensions.Logging;

namespace AotSuite.Logging.Tests.Generated;

public enum Plan { Free, Pro }

[JsonModel]
public sealed partial record Cart(string Id, int Items);

/// <summary>The [Log] methods the tests call: the generator writes their bodies in this build.</summary>
internal sealed partial class AuthLog(Logger logger)
{
    private readonly Logger logger = logger;

    [Log(LogLevel.Information, "User {UserId} signed in from {Ip}", EventId = 1)]
    public partial void SignedIn(int userId, IPAddress ip);

    [Log(LogLevel.Debug, "Token refreshed for {UserId}", EventId = 2)]
    public partial void TokenRefreshed(int userId);

    [Log(LogLevel.Warning, "Plan {Plan} for \"{Name}\" costs {Price} (trial: {Trial})")]
    public partial void Priced(Plan plan, string? name, decimal price, bool trial, double ratio, long? quota, DateTimeOffset at, Guid id);

    [Log(LogLevel.Error, "Payment failed for {UserId}")]
    public partial void PaymentFailed(int userId, Exception error);

    [Log(LogLevel.Information, "Checked out {{literally}} braces")]
    public partial void CheckedOut(Cart cart);

    [Log(LogLevel.Information, "Request done")]
    public partial void RequestDone(HttpRequestLog req, HttpResponseLog res, int responseTime);

    [Log(LogLevel.Information, "Three fields {A} {B} {C}")]
    public partial void Three(int a, string b, double c);
}

internal static partial class StaticLog
{
    [Log(LogLevel.Critical, "Disk {Path} is full")]
    public static partial void DiskFull(this Logger logger, string path);

    [Log(LogLevel.Trace, "Tick {N}")]
    public static partial void Tick(Logger logger, int n);
}
