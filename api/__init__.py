"""The API gateway: the only part of the SEN support guide the public reaches."""
