"""Streamlit UI pieces of the atlas (the data layer is in geo/, which never imports streamlit)."""
