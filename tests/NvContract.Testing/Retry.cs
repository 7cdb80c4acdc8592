namespace NvContract.Testing;

public static class Retry
{
    /// <summary>Repeats an HTTP call while the server is not listening yet (up to about 10 s).</summary>
    public static async Task<T> HttpAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (HttpRequestException) when (attempt < 100)
            {
                await Task.Delay(100);
            }
        }
    }
}
