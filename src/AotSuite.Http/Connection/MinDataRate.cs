namespace AotSuite.Http.Connection;

/// <summary>
/// The slowest a request body may arrive (Kestrel's MinRequestBodyDataRate): after <paramref name="GracePeriod"/> of
/// waiting for body bytes, fewer than <paramref name="BytesPerSecond"/> on average over that waiting time is a 408 and
/// the connection closes. Catches a client that trickles a byte now and then, which a stall timeout never does.
/// </summary>
public sealed record MinDataRate(double BytesPerSecond, TimeSpan GracePeriod);
