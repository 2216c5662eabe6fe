"""HTTP API of the service: thin routes over the domain modules; rules live elsewhere."""
