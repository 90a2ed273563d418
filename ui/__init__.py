"""Presentation helpers for the Streamlit pages: cached data access, filters, French formatting."""
