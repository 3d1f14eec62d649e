print("latent-oracle: skeleton")
