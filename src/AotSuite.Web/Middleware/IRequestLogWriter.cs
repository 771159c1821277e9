namespace AotSuite.Web;

/// <summary>
/// Where <see cref="RequestLogging"/> sends each answered request. The built-in writer prints a short text line;
/// AotSuite.Web.Logging's <c>PinoRequestLog</c> writes pino-http's <c>req</c>/<c>res</c>/<c>responseTime</c> through
/// AotSuite.Logging. Called on the request's thread once the pipeline is done, before the answer is sent: be quick, and
/// hand slow output to a background writer.
/// </summary>
public interface IRequestLogWriter
{
    void Write(RequestLogRecord record);
}
