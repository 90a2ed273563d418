"""Loading files into the warehouse: the deployment reference and the ENT's logs."""
