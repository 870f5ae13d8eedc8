"""Small widgets shared by the tabs: one way to type a formula, run a job, set a rate."""
