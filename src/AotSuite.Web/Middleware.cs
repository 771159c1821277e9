namespace AotSuite.Web;

/// <summary>Continues with the rest of the pipeline (the next middleware, then the route's handler).</summary>
public delegate ValueTask Next();

/// <summary>Koa-style middleware: work before <c>await next()</c> runs on the way in, work after it on the way out.</summary>
public delegate ValueTask Middleware(WebContext context, Next next);
