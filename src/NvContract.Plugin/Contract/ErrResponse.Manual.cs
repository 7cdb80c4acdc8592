using NvContract.Plugin.Contract;

namespace NvContract.Plugin.Generated;

public partial class ErrResponse : IErrEnvelope;
