print("dsbox")
