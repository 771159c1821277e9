using System.Text;
using AotSuite.Logging;
using Microsoft.Extensions.Logging;

namespace AotSuite.Web.Logging;

/// <summary>
/// pino-http's lines for the framework's <see cref="RequestLogging"/>: <c>"request completed"</c> at info (or
/// <c>"request errored"</c> at error, with <c>err</c>, for a failure or a 5xx), carrying <c>req</c> (id, method, url,
/// headers), <c>res</c> (statusCode, headers) and <c>responseTime</c> in milliseconds. Redaction paths such as
/// <c>req.headers.authorization</c> apply as to any field.
/// <code>app.Use(RequestLogging.Create(new PinoRequestLog(logger)));</code>
/// </summary>
public sealed partial class PinoRequestLog(Logger logger) : IRequestLogWriter
{
    // Filled and read on one thread within one call: the logger copies the line before Write returns.
    [ThreadStatic] private static List<KeyValuePair<string, string>>? requestHeaders;
    [ThreadStatic] private static List<KeyValuePair<string, string>>? responseHeaders;

    private readonly Logger logger = logger ?? throw new ArgumentNullException(nameof(logger));

    public void Write(RequestLogRecord record)
    {
        var failed = record.Error is not null || record.StatusCode >= 500;
        if (!logger.IsEnabled(failed ? LogLevel.Error : LogLevel.Information)) return;

        var request = record.Context.Request;
        var inHeaders = requestHeaders ??= [];
        inHeaders.Clear();
        for (var i = 0; i < request.HeaderCount; i++)
        {
            inHeaders.Add(new(Encoding.ASCII.GetString(request.HeaderName(i)), Encoding.UTF8.GetString(request.HeaderValue(i))));
        }
        var outHeaders = responseHeaders ??= [];
        outHeaders.Clear();
        foreach (var field in record.ResponseHeaders)
        {
            outHeaders.Add(new(Encoding.ASCII.GetString(field.Name), Encoding.UTF8.GetString(field.Value)));
        }

        var req = new HttpRequestLog(Encoding.ASCII.GetString(record.Method), Encoding.UTF8.GetString(record.Target), inHeaders, Id: record.RequestId);
        var res = new HttpResponseLog(record.StatusCode, outHeaders);
        var responseTime = Math.Round(record.Elapsed.TotalMilliseconds, 3);
        if (failed) Errored(req, res, responseTime, record.Error);
        else Completed(req, res, responseTime);
    }

    [Log(LogLevel.Information, "request completed")]
    private partial void Completed(HttpRequestLog req, HttpResponseLog res, double responseTime);

    [Log(LogLevel.Error, "request errored")]
    private partial void Errored(HttpRequestLog req, HttpResponseLog res, double responseTime, Exception? err);
}
