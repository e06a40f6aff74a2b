"""Forms for new enterprises and applications, and the input fields they share."""
